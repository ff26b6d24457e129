using System.Collections.Frozen;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Phrases kept whole wherever they appear, in any case and with a possessive after: public theorists by their full
/// names ("Bruce Perry's model") and named approaches and tools ("Circle of Security"). They are theory, not people
/// or places in the room. Matched word by word (words apart by spaces, hyphens or full stops), longest phrase first;
/// a dictionary by first word keeps it cheap however long the lists grow. Immutable, so thread-safe.
/// </summary>
internal sealed class KeptPhrases
{
    private readonly FrozenDictionary<string, string[][]>.AlternateLookup<ReadOnlySpan<char>> byFirstWord;

    public KeptPhrases(IEnumerable<string> phrases)
    {
        byFirstWord = phrases
            .Select(p => Words(p).Select(w => p.Substring(w.Start, w.Length)).ToArray())
            .Where(words => words.Length > 0)
            .GroupBy(words => words[0], StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.DistinctBy(words => string.Join(' ', words), StringComparer.OrdinalIgnoreCase).OrderByDescending(words => words.Length).ToArray(),
                StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Marks the characters of every kept phrase in <paramref name="text"/> as covered.</summary>
    public void Cover(string text, bool[] covered)
    {
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            var first = text.AsSpan(words[i].Start, words[i].Length);
            if (!byFirstWord.TryGetValue(Core(first), out var candidates))
            {
                continue;
            }

            foreach (var phrase in candidates)
            {
                if (MatchesAt(text, words, i, phrase))
                {
                    var last = words[i + phrase.Length - 1];
                    Array.Fill(covered, true, words[i].Start, last.Start + last.Length - words[i].Start);
                    i += phrase.Length - 1;
                    break;
                }
            }
        }
    }

    private static bool MatchesAt(string text, List<(int Start, int Length)> words, int i, string[] phrase)
    {
        if (i + phrase.Length > words.Count)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            var word = text.AsSpan(words[i + k].Start, words[i + k].Length);
            if (!(k == phrase.Length - 1 ? Core(word) : word).Equals(phrase[k], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (k > 0)
            {
                var gapStart = words[i + k - 1].Start + words[i + k - 1].Length;
                var gap = text.AsSpan(gapStart, words[i + k].Start - gapStart);
                if (gap.Length > 3 || !gap.Trim(" .-,").IsEmpty)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A word without its possessive: "Perry's" is "Perry".</summary>
    private static ReadOnlySpan<char> Core(ReadOnlySpan<char> word) =>
        word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal) ? word[..^2] : word;

    /// <summary>Runs of letters, digits, apostrophes and inner "&amp;" as (start, length).</summary>
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int Start, int Length)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            words.Add((start, i - start));
        }

        return words;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '\'' or '’' or '&' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;
}
