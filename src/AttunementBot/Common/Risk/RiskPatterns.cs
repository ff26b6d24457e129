using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Common.Risk;

/// <summary>
/// How the lexicon's patterns are written: {macro} names a shared fragment, a space is any run of white space, an
/// apostrophe between letters may be left out, and "with" may be written "w/" or "w".
/// </summary>
internal static partial class RiskPatterns
{
    public static string Expand(string pattern, IReadOnlyDictionary<string, string> macros)
    {
        var expanded = pattern;
        for (var depth = 0; Macro().IsMatch(expanded); depth++)
        {
            if (depth > 8)
            {
                throw new InvalidOperationException($"{RiskLexicon.File}: macros nest too deeply in '{pattern}'.");
            }

            expanded = Macro().Replace(expanded, m => macros.TryGetValue(m.Groups[1].Value, out var value)
                ? "(?:" + value + ")"
                : throw new InvalidOperationException($"{RiskLexicon.File}: no macro '{m.Groups[1].Value}' (in '{pattern}')."));
        }

        return Spaces(Shorthand().Replace(expanded, "(?:with|w/?)"));
    }

    // Outside a character class a space stands for any white space (clinicians' run-ons, line breaks), " ?" for none or some.
    private static string Spaces(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }

            inClass = c switch
            {
                '[' => true,
                ']' => false,
                _ => inClass,
            };
            // Between letters an apostrophe may be left out, as it is in quick notes ("dont", "shes", "heats been off").
            if (c == '\'' && !inClass && i > 0 && char.IsLetter(pattern[i - 1]) && i + 1 < pattern.Length && char.IsLetter(pattern[i + 1]))
            {
                builder.Append("'?");
                continue;
            }

            if (c == ' ' && !inClass)
            {
                // "a ?b": the space is optional.
                var optional = i + 1 < pattern.Length && pattern[i + 1] == '?';
                builder.Append(optional ? @"\s*" : @"\s+");
                i += optional ? 1 : 0;
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // "with" is written "w/" or "w" in notes ("came back w new phone").
    [GeneratedRegex(@"(?<![A-Za-z\\])with(?![A-Za-z])")]
    private static partial Regex Shorthand();

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Macro();
}
