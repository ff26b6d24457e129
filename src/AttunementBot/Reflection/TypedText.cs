using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Reflection;

/// <summary>How typed answers are read: cleaning free text, and matching words or numbers to choices.</summary>
public static partial class TypedText
{
    // Words that carry no meaning when matching a typed answer to a choice ("the protocol" = "protocol").
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "my", "me", "to", "of", "or", "was", "it", "and", "with", "in", "at", "they", "their", "so", "is",
    };

    /// <summary>Free text as it is kept: no control characters (except line breaks and tabs), no bidi overrides, no broken surrogates.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (c is '\n' or '\t')
            {
                builder.Append(c);
            }
            else if (c == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                {
                    builder.Append('\n');
                }
            }
            else if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                continue;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>Length as a person counts it (an emoji is one).</summary>
    public static int Length(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>Lower case, letters and digits only, single spaces: "  Time-Pressure! " → "time pressure".</summary>
    public static string Normalize(string? text)
    {
        var cleaned = Clean(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (c is '\'' or '\u2019')
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when the typed text is one of the words (compared normalized; "?" stays "?").</summary>
    public static bool IsOneOf(string? text, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return false;
        }

        var normalized = Normalize(text);
        var trimmed = Clean(text).ToLowerInvariant();
        return words.Any(w => (normalized.Length > 0 && Normalize(w) == normalized) || w == trimmed);
    }

    /// <summary>Splits a typed answer to "choose any": commas and semicolons, or spaces between bare numbers ("1 3").</summary>
    public static IReadOnlyList<string> SplitMany(string text)
    {
        var parts = ListSeparator().Split(Clean(text)).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count == 1 && NumbersOnly().IsMatch(parts[0]))
        {
            return parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return parts;
    }

    /// <summary>Splits a typed answer to two questions at once ("4 3", "4, 3", "partly, yes": commas, or spaces between bare numbers); null if it isn't two parts.</summary>
    public static (string First, string Second)? SplitPair(string text)
    {
        var parts = ListSeparator().Split(Clean(text)).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
        if (parts.Length == 1 && NumbersOnly().IsMatch(parts[0]))
        {
            parts = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    /// <summary>Matches one typed part to a choice: its number in card order, its words, or unambiguous parts of them.</summary>
    public static ChoiceMatch Match(string part, IReadOnlyList<ChoiceDefinition> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var trimmed = Clean(part).Normalize(NormalizationForm.FormKC);
        if (SignedNumber().IsMatch(trimmed))
        {
            return int.TryParse(trimmed.TrimStart('#').TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count
                ? ChoiceMatch.Found(choices[n - 1])
                : ChoiceMatch.OutOfRange();
        }

        var normalized = Normalize(trimmed);
        if (normalized.Length == 0 || normalized.Length > 200)
        {
            return ChoiceMatch.None();
        }

        var exact = choices.Where(c => Names(c).Any(name => name == normalized)).ToList();
        if (exact.Count == 1)
        {
            return ChoiceMatch.Found(exact[0]);
        }

        // Parts of words: every typed word begins a word of the choice's title or aliases ("time" → "Time pressure").
        var tokens = normalized.Split(' ').Where(t => !StopWords.Contains(t)).ToArray();
        if (tokens.Length == 0 || tokens.Any(t => t.All(char.IsDigit)))
        {
            return ChoiceMatch.None();
        }

        var candidates = choices
            .Where(c =>
            {
                var words = Words(c).SelectMany(n => n.Split(' ')).ToArray();
                return tokens.All(t => words.Any(w => w.StartsWith(t, StringComparison.Ordinal)));
            })
            .ToList();
        return candidates.Count switch
        {
            1 => ChoiceMatch.Found(candidates[0]),
            0 => ChoiceMatch.None(),
            _ => ChoiceMatch.Ambiguous(candidates),
        };
    }

    private static IEnumerable<string> Words(ChoiceDefinition choice) =>
        new[] { choice.Title }.Concat(choice.Aliases).Select(Normalize).Where(n => n.Length > 0);

    private static IEnumerable<string> Names(ChoiceDefinition choice) =>
        new[] { choice.Title, choice.Value }.Concat(choice.Aliases).Select(Normalize).Where(n => n.Length > 0);

    [GeneratedRegex(@"[,;，、]+")]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"^\d+(\s+\d+)+$")]
    private static partial Regex NumbersOnly();

    [GeneratedRegex(@"^[#]?[-+]?\d+([.,]\d+)?\.?$")]
    private static partial Regex SignedNumber();
}

public sealed record ChoiceMatch(ChoiceDefinition? Choice, bool IsOutOfRange, IReadOnlyList<ChoiceDefinition> Options)
{
    public static ChoiceMatch Found(ChoiceDefinition choice) => new(choice, false, []);

    public static ChoiceMatch None() => new(null, false, []);

    public static ChoiceMatch OutOfRange() => new(null, true, []);

    public static ChoiceMatch Ambiguous(IReadOnlyList<ChoiceDefinition> options) => new(null, false, options);
}
