using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Common.Risk;

/// <summary>
/// Hears whether free text touches on risk, from <see cref="RiskLexicon"/>: an entry counts unless a phrase around
/// it means something ordinary, unless it needs a clinical frame that is not there, unless a negation quiets it,
/// and unless its clause is historical trauma work or play (and nothing in the clause says it is happening now).
/// Where that is unclear it counts: the note it brings is gentle. It never keeps or logs the text.
/// </summary>
public sealed class RiskDetector
{
    /// <summary>The most of a text that is read; the reflection keeps no more than this either.</summary>
    public const int MaxLength = 20_000;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private static readonly Lazy<RiskDetector> Loaded = new(() =>
    {
        var detector = new RiskDetector(RiskLexicon.Default);
        _ = Task.Run(detector.CompilePrefilter);
        return detector;
    });

    private readonly List<CompiledEntry> _entries = [];
    private readonly Dictionary<string, CompiledFrame> _frames = [];
    private readonly Dictionary<string, (Regex Cues, Regex? Unless)> _contexts = [];
    private readonly Regex _negated;
    private readonly Regex _clauseBreak;

    /// <summary>Every entry's words in one pattern: most notes touch none, and one scan says so.</summary>
    private readonly string _anyEntryPattern;
    private volatile Regex _anyEntry;

    /// <param name="compiled">Compile the entries to IL: 0.7 to 2 s to build here (a first turn would wait), about twice as fast per note after.</param>
    public RiskDetector(RiskLexicon lexicon, bool compiled = false)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        string Expand(string pattern) => RiskPatterns.Expand(pattern, lexicon.Macros);

        _negated = new Regex($@"(?<![\w'])(?:{Expand(lexicon.Negation)})(?:[\W_]+[\w'/]+){{0,{lexicon.NegationWords}}}[\W_]*$", Options, Timeout);
        _clauseBreak = new Regex(Expand(lexicon.ClauseBreak), Options, Timeout);
        foreach (var (name, frame) in lexicon.Frames)
        {
            _frames[name] = new CompiledFrame(
                Near(Expand(frame.Before), frame.Words, before: true),
                Near(Expand(frame.After), frame.Words, before: false),
                frame.Capitals,
                frame.Alone);
        }

        foreach (var (name, context) in lexicon.Contexts)
        {
            _contexts[name] = (Words(Expand(context.Cues)), context.Unless.Length == 0 ? null : Words(Expand(context.Unless)));
        }

        _anyEntryPattern = string.Join('|', lexicon.Kinds.SelectMany(k => k.Entries).Select(e => $"(?:{Expand(e.Match)})"));
        _anyEntry = Words(_anyEntryPattern, compiled);
        foreach (var kind in lexicon.Kinds)
        {
            foreach (var entry in kind.Entries)
            {
                var quietIn = entry.QuietIn ?? kind.QuietIn;
                var unknown = quietIn.Concat(entry.Frame is null ? [] : [entry.Frame]).FirstOrDefault(n => !_contexts.ContainsKey(n) && !_frames.ContainsKey(n));
                if (unknown is not null)
                {
                    throw new InvalidOperationException($"{RiskLexicon.File}: '{entry.Match}' names '{unknown}', which is neither a frame nor a context.");
                }

                _entries.Add(new CompiledEntry(
                    kind.Kind,
                    Words(Expand(entry.Match), compiled),
                    entry.Except.Count == 0 ? null : Words(string.Join('|', entry.Except.Select(Expand))),
                    entry.Frame is null ? null : _frames[entry.Frame],
                    entry.NegationQuiets,
                    [.. quietIn]));
            }
        }
    }

    /// <summary>The lexicon shipped with the bot, read once.</summary>
    public static RiskDetector Shared => Loaded.Value;

    public bool Touches(string? text) => Find(text) is not null;

    /// <summary>
    /// Swaps the one scan every typed answer runs for its IL-compiled twin, built off the request path: compiling it
    /// takes a second or two, after which each answer's scan costs about half (it was a twentieth of a turn's CPU).
    /// </summary>
    public void CompilePrefilter() => _anyEntry = Words(_anyEntryPattern, compiled: true);

    /// <summary>The kind of the first risk heard in <paramref name="text"/>, or null.</summary>
    public RiskKind? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var original = text.Length > MaxLength ? text[..MaxLength] : text;
        var note = Normalize(original);
        try
        {
            if (!_anyEntry.IsMatch(note))
            {
                return null;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological text: each entry below is tried on its own.
        }

        var clauses = new Clauses(note, _clauseBreak);
        foreach (var entry in _entries)
        {
            try
            {
                foreach (var match in entry.Pattern.EnumerateMatches(note))
                {
                    if (Counts(entry, original, note, match.Index, match.Length, clauses))
                    {
                        return entry.Kind;
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological text: this entry is not heard, the others still are.
            }
        }

        return null;
    }

    private bool Counts(CompiledEntry entry, string original, string note, int index, int length, Clauses clauses)
    {
        if (entry.Except is { } except && Overlaps(except, note, index, length))
        {
            return false;
        }

        var (start, end) = clauses.Around(index);
        var before = note[start..index];
        var after = note[(index + length)..Math.Max(end, index + length)];
        if (entry.Frame is { } frame && !frame.Holds(original.AsSpan(index, length), note, index, length, before, after))
        {
            return false;
        }

        if (entry.NegationQuiets && _negated.IsMatch(before))
        {
            return false;
        }

        foreach (var name in entry.QuietIn)
        {
            if (clauses.In(name, start, end, _contexts[name]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Overlaps(Regex except, string note, int index, int length)
    {
        // Only phrases that reach the match matter; look a little way either side.
        var from = Math.Max(0, index - 60);
        var to = Math.Min(note.Length, index + length + 60);
        foreach (var m in except.EnumerateMatches(note.AsSpan(from, to - from)))
        {
            if (from + m.Index < index + length && from + m.Index + m.Length > index)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower case, one kind of apostrophe and dash, quotes as spaces; the same length, so places match the original.</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201B' or '\u02BC' or '`' => '\'',
                '\u201C' or '\u201D' or '"' => ' ',
                '\u2013' or '\u2014' or '\u2212' => '-',
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString();
    }

    private static Regex Words(string pattern, bool compiled = false) =>
        new($@"(?<![\w'])(?:{pattern})(?![\w])", compiled ? Options | RegexOptions.Compiled : Options, Timeout);

    private static Regex? Near(string pattern, int words, bool before) => pattern.Length == 0
        ? null
        : new Regex(
            before
                ? $@"(?<![\w'])(?:{pattern})(?:[\W_]+[\w'/]+){{0,{words}}}?[\W_]*$"
                : $@"^[\W_]*(?:[\w'/]+[\W_]+){{0,{words}}}?(?:{pattern})(?![\w])",
            Options,
            Timeout);

    private sealed record CompiledEntry(RiskKind Kind, Regex Pattern, Regex? Except, CompiledFrame? Frame, bool NegationQuiets, string[] QuietIn);

    private sealed record CompiledFrame(Regex? Before, Regex? After, bool Capitals, string Alone)
    {
        public bool Holds(ReadOnlySpan<char> written, string note, int index, int length, string before, string after)
        {
            var capitals = IsCapitals(written);
            if (Alone is "any" || (Alone is "capitals" && capitals))
            {
                if (note.AsSpan(0, index).Trim().IsEmpty || IsPunctuation(note.AsSpan(0, index)))
                {
                    if (IsPunctuation(note.AsSpan(index + length)))
                    {
                        return true;
                    }
                }
            }

            return (Capitals && capitals) || (Before?.IsMatch(before) ?? false) || (After?.IsMatch(after) ?? false);
        }

        private static bool IsCapitals(ReadOnlySpan<char> written)
        {
            var letters = 0;
            foreach (var c in written)
            {
                if (char.IsLetter(c))
                {
                    if (!char.IsUpper(c))
                    {
                        return false;
                    }

                    letters++;
                }
            }

            return letters > 0;
        }

        private static bool IsPunctuation(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The clauses of one note, and which contexts each holds (worked out only when asked).</summary>
    private sealed class Clauses
    {
        private readonly string _note;
        private readonly List<int> _breaks = [0];
        private readonly Dictionary<(string, int), bool> _contexts = [];

        public Clauses(string note, Regex clauseBreak)
        {
            _note = note;
            try
            {
                foreach (var m in clauseBreak.EnumerateMatches(note))
                {
                    _breaks.Add(m.Index);
                    _breaks.Add(m.Index + m.Length);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A machine too busy to cut the note in time: the whole note is one clause, so nothing goes unheard.
                _breaks.RemoveRange(1, _breaks.Count - 1);
            }

            _breaks.Add(note.Length);
        }

        public (int Start, int End) Around(int index)
        {
            // Breaks come in pairs (end of one clause, start of the next): find the clause that holds index.
            for (var i = 0; i + 1 < _breaks.Count; i += 2)
            {
                if (index >= _breaks[i] && index < _breaks[i + 1])
                {
                    return (_breaks[i], _breaks[i + 1]);
                }
            }

            return (0, _note.Length);
        }

        public bool In(string name, int start, int end, (Regex Cues, Regex? Unless) context)
        {
            if (!_contexts.TryGetValue((name, start), out var holds))
            {
                var clause = _note.AsSpan(start, end - start);
                holds = context.Cues.IsMatch(clause) && !(context.Unless?.IsMatch(clause) ?? false);
                _contexts[(name, start)] = holds;
            }

            return holds;
        }
    }
}
