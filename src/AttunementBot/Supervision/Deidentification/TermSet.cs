using System.Globalization;
using System.Text;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Strings to remove wherever they appear in a share: what a detector removed somewhere, and what the clinician asked
/// to take out. Matched as whole words ignoring case, accents, hyphens and curly apostrophes, with a possessive after.
/// Lives for one share only and is never stored.
/// </summary>
internal sealed class TermSet
{
    private readonly Dictionary<string, IdentifierKind> terms = new(StringComparer.Ordinal);

    public void Add(string term, IdentifierKind kind)
    {
        var folded = Fold(term.Trim().Trim('"', '\'', '“', '”', '.', ',')).Trim();
        if (folded.Length >= 2 && !folded.All(char.IsDigit))
        {
            terms.TryAdd(folded, kind);
        }
    }

    /// <summary>A removed name or place is removed everywhere, word by word; anything else as the whole string.</summary>
    public void AddRemoved(string original, IdentifierKind kind, EnglishVocabulary vocabulary)
    {
        Add(original, kind);
        if (kind is not (IdentifierKind.Name or IdentifierKind.Place))
        {
            return;
        }

        foreach (var word in original.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var core = word.TrimEnd('.', ',');
            if (core.Length >= 2 && !vocabulary.Lexicon.Titles.Contains(core) && !vocabulary.Lexicon.Connectors.Contains(core)
                && !vocabulary.Lexicon.NameParticles.Contains(core) && !vocabulary.Clinical.Contains(core))
            {
                Add(core, kind);
            }
        }
    }

    public void FindIn(string text, bool[] masked, List<Detection> found)
    {
        if (terms.Count == 0 || text.Length == 0)
        {
            return;
        }

        var folded = Fold(text);
        foreach (var (term, kind) in terms)
        {
            for (var at = folded.IndexOf(term, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(term, at + 1, StringComparison.Ordinal))
            {
                var end = at + term.Length;
                if ((at > 0 && char.IsLetterOrDigit(folded[at - 1])) || Array.IndexOf(masked, true, at, term.Length) >= 0)
                {
                    continue;
                }

                var after = end;
                if (after < folded.Length && folded[after] == '\'')
                {
                    after += after + 1 < folded.Length && folded[after + 1] == 's' ? 2 : 1;
                }
                else if (after < folded.Length && folded[after] == 's' && term.Length >= 4 && (after + 1 == folded.Length || !char.IsLetterOrDigit(folded[after + 1])))
                {
                    after++;
                    end = after;
                }

                if (after < folded.Length && char.IsLetterOrDigit(folded[after]))
                {
                    continue;
                }

                found.Add(new Detection(at, end, kind));
            }
        }
    }

    /// <summary>Same length as the input, so positions carry over: lower case, no accents, "-" as " ", "’" as "'".</summary>
    private static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (lower is '-' or '‐' or '_')
            {
                builder.Append(' ');
            }
            else if (lower is '’' or '‘' or '`')
            {
                builder.Append('\'');
            }
            else if (lower > 127 && char.IsLetter(lower))
            {
                var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
                builder.Append(CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) == UnicodeCategory.NonSpacingMark ? lower : decomposed[0]);
            }
            else
            {
                builder.Append(lower);
            }
        }

        return builder.ToString();
    }
}
