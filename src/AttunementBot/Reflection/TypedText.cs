using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Reflection;

/// <summary>Typed text as the reflection keeps and compares it: cleaned, normalized, split into two answers.</summary>
public static partial class TypedText
{
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

    [GeneratedRegex(@"[,;，、]+")]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"^\d+(\s+\d+)+$")]
    private static partial Regex NumbersOnly();
}
