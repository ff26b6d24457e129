using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Reflection;

/// <summary>What a typed reply said for one choice field: the choices found, or the two it could equally be.</summary>
internal sealed record FieldReading(FieldDefinition Field, IReadOnlyList<ChoiceDefinition> Chosen, IReadOnlyList<ChoiceDefinition> Unsure, bool OutOfRange)
{
    public bool Found => Chosen.Count > 0 && Unsure.Count == 0;
}

/// <summary>A typed reply, read: one reading per choice field asked about, and the person's own words beyond the choices.</summary>
internal sealed record ReplyReading(IReadOnlyList<FieldReading> Fields, string? OwnWords);

/// <summary>
/// Reads a reply in a person's own words against a step's choices: a choice's words anywhere in the reply, hedges
/// and filler passed over, small typos forgiven, numbers and words mixed. The longest phrase wins where phrases
/// overlap; a phrase after "not" is not taken as said. Where two choices of a single-choice field fit equally, the
/// reading names both, so the flow can ask rather than guess.
/// </summary>
internal sealed partial class ReplyReader
{
    private const double Exact = 1.0;
    private const double Near = 0.7;

    /// <summary>Content words beyond the choices that make a reply also the step's free text.</summary>
    private const int OwnWordsAtLeast = 3;

    private readonly ReadingWords words;
    private readonly string[][] hedges;
    private readonly HashSet<string> fillers;
    private readonly HashSet<string> negators;
    private readonly HashSet<string> neverNear;
    private readonly HashSet<string> joiners;
    private readonly HashSet<string> alternatives;

    public ReplyReader(ReadingWords words)
    {
        this.words = words;
        hedges = [.. words.Hedges.Select(h => TypedText.Normalize(h).Split(' ')).Where(h => h.Length > 0 && h[0].Length > 0).OrderByDescending(h => h.Length)];
        fillers = new HashSet<string>(words.Fillers.Select(TypedText.Normalize), StringComparer.Ordinal);
        negators = new HashSet<string>(words.Negators.Select(TypedText.Normalize), StringComparer.Ordinal);
        neverNear = new HashSet<string>(words.NeverNear.Select(TypedText.Normalize), StringComparer.Ordinal);
        joiners = new HashSet<string>(words.Joiners.Select(TypedText.Normalize), StringComparer.Ordinal);
        alternatives = new HashSet<string>(words.Alternatives.Select(TypedText.Normalize), StringComparer.Ordinal);
    }

    /// <summary>Reads <paramref name="typed"/> for each of <paramref name="fields"/> (choice fields of one step, in order).</summary>
    public ReplyReading Read(string typed, IReadOnlyList<FieldDefinition> fields)
    {
        var (source, tokens) = Tokenize(typed);
        var candidates = Candidates(tokens, fields);
        candidates.RemoveAll(m => Negated(tokens, m));
        var matches = Resolve(candidates);
        var numbers = NumberPicks(tokens);

        var wordsByField = fields.Select(f => matches.Where(m => m.Field == f).ToList()).ToList();
        var numbersByField = AssignNumbers(fields, wordsByField, numbers);
        var readings = new List<FieldReading>();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var picked = wordsByField[i].Select(m => (m.Choice, m.Score)).ToList();
            var outOfRange = false;
            foreach (var number in numbersByField[i])
            {
                if (number.Number is { } n && n >= 1 && n <= field.Choices.Count)
                {
                    // A number is as sure as the choice's own words.
                    picked.Add((field.Choices[n - 1], Exact * 2));
                }
                else
                {
                    outOfRange = true;
                }
            }

            var distinct = picked
                .GroupBy(p => p.Choice)
                .Select(g => (Choice: g.Key, Score: g.Max(p => p.Score)))
                .OrderByDescending(p => p.Score)
                .ThenBy(p => field.Choices.IndexOf(p.Choice))
                .ToList();
            if (field.Kind == FieldKinds.One && distinct.Count > 1)
            {
                // Two different choices in one reply to a choose-one question: ask which, naming the two strongest.
                var two = distinct.Take(2).Select(p => p.Choice).OrderBy(field.Choices.IndexOf).ToList();
                readings.Add(new FieldReading(field, [], two, false));
                continue;
            }

            readings.Add(new FieldReading(field, [.. field.Choices.Where(c => distinct.Any(d => d.Choice == c))], [], outOfRange && distinct.Count == 0));
        }

        return new ReplyReading(readings, OwnWords(source, tokens, matches, numbers));
    }

    /// <summary>
    /// Numbers go to the fields in order ("4 3": presence, then settledness); a field already answered in words
    /// leaves them to the other ("mostly with them, 2"). One field takes them all.
    /// </summary>
    private static List<Token>[] AssignNumbers(IReadOnlyList<FieldDefinition> fields, List<List<Match>> wordsByField, List<Token> numbers)
    {
        var assigned = fields.Select(_ => new List<Token>()).ToArray();
        if (numbers.Count == 0)
        {
            return assigned;
        }

        if (fields.Count == 1 || numbers.Exists(n => n.Undecided))
        {
            assigned[0].AddRange(numbers);
        }
        else if (wordsByField[0].Count == 0 && wordsByField[1].Count == 0)
        {
            assigned[0].Add(numbers[0]);
            assigned[1].AddRange(numbers.Skip(1));
        }
        else
        {
            assigned[wordsByField[0].Count == 0 ? 0 : 1].AddRange(numbers);
        }

        return assigned;
    }

    /// <summary>The words of a reply that aren't only choices: whole clauses with content beyond the choices, as typed.</summary>
    private string? OwnWords(string source, List<Token> tokens, List<Match> matches, List<Token> numbers)
    {
        bool Content(Token t) =>
            !t.Hedge && !fillers.Contains(t.Text) && !negators.Contains(t.Text) && !numbers.Exists(n => n.Index == t.Index)
            && !matches.Any(m => t.Index >= m.Start && t.Index < m.End);

        if (tokens.Count(Content) < OwnWordsAtLeast)
        {
            return null;
        }

        // From the first clause with words of their own to the last, as typed: "rushed, next time slow the start"
        // keeps "next time slow the start".
        var withContent = tokens.Where(Content).ToList();
        var first = tokens.First(t => t.Clause == withContent[0].Clause);
        var last = tokens.Last(t => t.Clause == withContent[^1].Clause);
        var text = source[first.ClauseStart..last.ClauseEnd].Trim();
        return text.Length == 0 ? null : text;
    }

    // ----- tokens -----

    private sealed record Token(int Index, string Text, int Clause, int ClauseStart, int ClauseEnd, bool Hedge, int? Number, bool Undecided = false);

    private (string Source, List<Token> Tokens) Tokenize(string typed)
    {
        var source = TypedText.Clean(typed).Normalize(NormalizationForm.FormKC);
        source = Ish().Replace(OutOf().Replace(source, "$1"), "$1");
        source = Decimal().Replace(Negative().Replace(source, " 0 "), "$1 or $2");
        var tokens = new List<Token>();
        var clauseIndex = 0;
        var at = 0;
        foreach (var (start, end) in Clauses(source))
        {
            var parts = TypedText.Normalize(source[start..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var hedge = new bool[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                foreach (var h in hedges.Where(h => i + h.Length <= parts.Length && h.Select((w, k) => parts[i + k] == w).All(same => same)))
                {
                    Array.Fill(hedge, true, i, h.Length);
                }
            }

            for (var i = 0; i < parts.Length; i++)
            {
                tokens.Add(new Token(at++, parts[i], clauseIndex, start, end, hedge[i], NumberOf(parts[i])));
            }

            clauseIndex++;
        }

        return (source, tokens);
    }

    private static IEnumerable<(int Start, int End)> Clauses(string source)
    {
        var start = 0;
        foreach (System.Text.RegularExpressions.Match separator in ClauseBreak().Matches(source))
        {
            if (separator.Index > start)
            {
                yield return (start, separator.Index);
            }

            start = separator.Index + separator.Length;
        }

        if (start < source.Length)
        {
            yield return (start, source.Length);
        }
    }

    private int? NumberOf(string token)
    {
        if (token.Length <= 3 && token.All(char.IsAsciiDigit))
        {
            return int.Parse(token, CultureInfo.InvariantCulture);
        }

        return words.NumberWords.TryGetValue(token, out var n) ? n : null;
    }

    /// <summary>Numbers that are answers: a clause of numbers alone ("4", "2 and 6", "I'd say a 3"), not "for 2 minutes".</summary>
    private List<Token> NumberPicks(List<Token> tokens)
    {
        var picks = new List<Token>();
        foreach (var clause in tokens.GroupBy(t => t.Clause))
        {
            var meaningful = clause.Where(t => !t.Hedge && !fillers.Contains(t.Text) && !joiners.Contains(t.Text)).ToList();
            if (meaningful.Count > 0 && meaningful.All(t => t.Number is not null))
            {
                // "3 or 4", "between 3 and 4": one answer, undecided, not two answers.
                var undecided = clause.Any(t => alternatives.Contains(t.Text));
                picks.AddRange(meaningful.Select(t => t with { Undecided = undecided }));
            }
        }

        return picks;
    }

    // ----- matching phrases -----

    private sealed record Match(FieldDefinition Field, int FieldIndex, ChoiceDefinition Choice, int Start, int End, double Score, bool Negative);

    private List<Match> Candidates(List<Token> tokens, IReadOnlyList<FieldDefinition> fields)
    {
        var found = new List<Match>();
        for (var f = 0; f < fields.Count; f++)
        {
            var field = fields[f];
            foreach (var choice in field.Choices)
            {
                foreach (var phrase in Phrases(choice))
                {
                    for (var start = 0; start < tokens.Count; start++)
                    {
                        if (MatchAt(tokens, start, phrase) is { } hit)
                        {
                            found.Add(new Match(field, f, choice, start, hit.End, hit.Score, phrase.Any(negators.Contains)));
                        }
                    }
                }
            }
        }

        return found;
    }

    private static IEnumerable<string[]> Phrases(ChoiceDefinition choice) =>
        new[] { choice.Title }.Concat(choice.Aliases)
            .Select(TypedText.Normalize)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(n => n.Split(' '));

    /// <summary>The phrase's words in order from <paramref name="start"/>, within one clause, passing over hedges between them.</summary>
    private (int End, double Score)? MatchAt(List<Token> tokens, int start, string[] phrase)
    {
        var score = 0.0;
        var at = start;
        for (var k = 0; k < phrase.Length; k++)
        {
            while (k > 0 && at < tokens.Count && tokens[at].Hedge && tokens[at].Clause == tokens[start].Clause && Similarity(tokens[at].Text, phrase[k]) < Exact)
            {
                at++;
            }

            if (at >= tokens.Count || tokens[at].Clause != tokens[start].Clause)
            {
                return null;
            }

            var similarity = Similarity(tokens[at].Text, phrase[k]);
            if (similarity == 0)
            {
                return null;
            }

            score += similarity;
            at++;
        }

        return (at, score);
    }

    /// <summary>1 for the same word; less for a word begun or lengthened ("assess", "tiredness") or one small typo away.</summary>
    private double Similarity(string typed, string key)
    {
        if (typed == key)
        {
            return Exact;
        }

        if (neverNear.Contains(typed) || typed.All(char.IsAsciiDigit) || key.All(char.IsAsciiDigit))
        {
            return 0;
        }

        // A word begun ("assess", "proxim": most of the word) or a key lengthened ("tired" in "tiredness").
        var begun = typed.Length >= 5 && typed.Length * 20 >= key.Length * 11 && key.StartsWith(typed, StringComparison.Ordinal);
        if (begun || (key.Length >= 4 && typed.StartsWith(key, StringComparison.Ordinal)))
        {
            return Near;
        }

        var shorter = Math.Min(typed.Length, key.Length);
        if (shorter < 5)
        {
            // A short word forgives only two letters swapped ("yse"), never a different letter ("last" is not "fast").
            return shorter >= 3 && typed.Length == key.Length && typed.Order().SequenceEqual(key.Order()) && Distance(typed, key, 1) <= 1 ? Near : 0;
        }

        var allowed = shorter >= 8 ? 2 : 1;
        return Math.Abs(typed.Length - key.Length) <= allowed && Distance(typed, key, allowed) <= allowed ? Near : 0;
    }

    /// <summary>Optimal-string-alignment Damerau-Levenshtein distance, giving up once it is beyond <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowBest = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowBest = Math.Min(rowBest, value);
            }

            if (rowBest > limit)
            {
                return rowBest;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// Overlapping phrases: the strongest (most words, fewest typos) keeps its words. Two choices found by the same
    /// words, equally strong, both stay: the reply fits them equally.
    /// </summary>
    private static List<Match> Resolve(List<Match> candidates)
    {
        var kept = new List<Match>();
        foreach (var match in candidates.OrderByDescending(m => m.Score).ThenByDescending(m => m.End - m.Start).ThenBy(m => m.FieldIndex).ThenBy(m => m.Start))
        {
            var overlapping = kept.Where(k => k.Start < match.End && match.Start < k.End).ToList();
            if (overlapping.Count == 0
                || overlapping.All(k => k.Start == match.Start && k.End == match.End && Math.Abs(k.Score - match.Score) < 1e-9 && k.Field == match.Field))
            {
                kept.Add(match);
            }
        }

        return kept;
    }

    /// <summary>A phrase is not said when a negator stands just before it in its clause ("not rushed"), unless the phrase is itself negative ("not yet").</summary>
    private bool Negated(List<Token> tokens, Match match)
    {
        if (match.Negative)
        {
            return false;
        }

        var clause = tokens[match.Start].Clause;
        for (int i = match.Start - 1, seen = 0; i >= 0 && tokens[i].Clause == clause && seen < 3; i--)
        {
            if (tokens[i].Hedge)
            {
                continue;
            }

            if (negators.Contains(tokens[i].Text))
            {
                return true;
            }

            seen++;
        }

        return false;
    }

    [GeneratedRegex(@"[,.;:!?\n()，、]+|\s+[-—–]+\s+|\s+but\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"\b(\d{1,2})\s*(?:/|out of|of)\s*(?:5|10|five|ten)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OutOf();

    // "-1" is below every scale, not "1".
    [GeneratedRegex(@"(?<![\w\d])-\d+")]
    private static partial Regex Negative();

    // "4.5" is between two points: an undecided answer.
    [GeneratedRegex(@"\b(\d)\.(\d)\b")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"\b(\d{1,2})\s*-?ish\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ish();
}
