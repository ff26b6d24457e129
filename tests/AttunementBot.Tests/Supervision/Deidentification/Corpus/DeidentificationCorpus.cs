using System.Text.RegularExpressions;
using AttunementBot.Supervision.Deidentification;

namespace AttunementBot.Tests.Supervision.Deidentification.Corpus;

/// <summary>One note of the corpus: its plain text and the identifiers marked in it.</summary>
public sealed record CorpusNote(string Text, IReadOnlyList<(char Kind, string Text)> Identifiers);

/// <summary>What the de-identifier did on the whole corpus, per kind of identifier.</summary>
public sealed record CorpusScore(
    IReadOnlyDictionary<char, (int Planted, int Removed)> PerKind,
    IReadOnlyList<string> Leaks,
    int CleanNotes,
    int CleanWordsRemoved,
    IReadOnlyList<string> OverRemovals)
{
    /// <summary>The structured kinds, which must never leak.</summary>
    public const string StructuredKinds = "DAHETUIG";

    public static readonly IReadOnlyDictionary<char, string> KindNames = new Dictionary<char, string>
    {
        ['N'] = "names", ['P'] = "places", ['O'] = "organisations", ['D'] = "dates", ['A'] = "street addresses", ['H'] = "handles and gamer tags",
        ['E'] = "e-mail addresses", ['T'] = "phone numbers", ['U'] = "web addresses", ['I'] = "id numbers", ['G'] = "ages over 89",
    };

    public double Recall(char kind) => PerKind.TryGetValue(kind, out var k) && k.Planted > 0 ? (double)k.Removed / k.Planted : 1;

    public double RecallOf(string kinds)
    {
        var planted = kinds.Sum(k => PerKind.GetValueOrDefault(k).Planted);
        return planted == 0 ? 1 : (double)kinds.Sum(k => PerKind.GetValueOrDefault(k).Removed) / planted;
    }

    public int StructuredLeaks => StructuredKinds.Sum(k => PerKind.GetValueOrDefault(k).Planted - PerKind.GetValueOrDefault(k).Removed);

    /// <summary>Ordinary words removed per ten clean notes.</summary>
    public double OverRemovalPerTen => CleanNotes == 0 ? 0 : 10.0 * CleanWordsRemoved / CleanNotes;
}

/// <summary>
/// The corpus of notes beside this file: identifiers-*.txt (identifiers marked {K:text}) and clean.txt (no identifiers).
/// Shared by the tests and the benchmark (which links this file).
/// </summary>
public static partial class DeidentificationCorpus
{
    [GeneratedRegex(@"\{([A-Z]):([^}]+)\}")]
    private static partial Regex Mark();

    public static string Folder(string repoRoot) =>
        Path.Combine(repoRoot, "tests", "AttunementBot.Tests", "Supervision", "Deidentification", "Corpus");

    public static IReadOnlyList<CorpusNote> Identifiers(string folder) =>
        [.. Directory.GetFiles(folder, "identifiers-*.txt").Order(StringComparer.Ordinal).SelectMany(Read)];

    public static IReadOnlyList<CorpusNote> Clean(string folder) => [.. Read(Path.Combine(folder, "clean.txt"))];

    /// <summary>
    /// The held-out batches (HeldOut/batch-*.txt), each written before the rules were tuned and never tuned on:
    /// a line with marks is a note with identifiers, a line without is a clean note.
    /// </summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<CorpusNote> Marked, IReadOnlyList<CorpusNote> Clean)> HeldOut(string folder) =>
    [
        .. Directory.GetFiles(Path.Combine(folder, "HeldOut"), "batch-*.txt").Order(StringComparer.Ordinal).Select(path =>
        {
            var notes = Read(path).ToList();
            return (Path.GetFileNameWithoutExtension(path), (IReadOnlyList<CorpusNote>)[.. notes.Where(n => n.Identifiers.Count > 0)], (IReadOnlyList<CorpusNote>)[.. notes.Where(n => n.Identifiers.Count == 0)]);
        }),
    ];

    private static IEnumerable<CorpusNote> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var identifiers = Mark().Matches(line).Select(m => (m.Groups[1].Value[0], m.Groups[2].Value)).ToList();
            yield return new CorpusNote(Mark().Replace(line, "$2"), identifiers);
        }
    }

    public static CorpusScore Score(Deidentifier deidentifier, IReadOnlyList<CorpusNote> marked, IReadOnlyList<CorpusNote> clean)
    {
        ArgumentNullException.ThrowIfNull(deidentifier);
        var perKind = new Dictionary<char, (int Planted, int Removed)>();
        var leaks = new List<string>();
        foreach (var note in marked)
        {
            var result = deidentifier.Deidentify(note.Text);
            foreach (var (kind, text) in note.Identifiers)
            {
                // Every appearance of the identifier in the note, in any case, must be gone.
                var removed = Occurrences(note.Text, text).All(o => Covered(result, o.Start, o.End));
                var (planted, caught) = perKind.GetValueOrDefault(kind);
                perKind[kind] = (planted + 1, caught + (removed ? 1 : 0));
                if (!removed)
                {
                    leaks.Add($"{kind} \"{text}\": {result.Text}");
                }
            }
        }

        var overRemovals = new List<string>();
        var wordsRemoved = 0;
        foreach (var note in clean)
        {
            foreach (var redaction in deidentifier.Deidentify(note.Text).Redactions)
            {
                wordsRemoved += Math.Max(1, redaction.Original.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
                overRemovals.Add($"{redaction.Kind} \"{redaction.Original}\" in: {note.Text}");
            }
        }

        return new CorpusScore(perKind, leaks, clean.Count, wordsRemoved, overRemovals);
    }

    private static IEnumerable<(int Start, int End)> Occurrences(string text, string identifier)
    {
        for (var at = text.IndexOf(identifier, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(identifier, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + identifier.Length;
            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(identifier[0]);
            var endsWord = end == text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(identifier[^1]);
            if (startsWord && endsWord)
            {
                yield return (at, end);
            }
        }
    }

    /// <summary>Every letter and digit of [start, end) lies inside a redaction.</summary>
    private static bool Covered(DeidentifiedText result, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(result.Original[i]) && !result.Redactions.Any(r => r.Start <= i && i < r.End))
            {
                return false;
            }
        }

        return true;
    }
}
