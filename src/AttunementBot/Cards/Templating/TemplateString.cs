using System.Collections.Concurrent;
using System.Text;

namespace AttunementBot.Cards.Templating;

/// <summary>
/// A template string split into literal text and <c>${...}</c> expressions. Parsed once per distinct
/// string and cached: templates are few and bound often.
/// </summary>
internal sealed class TemplateString
{
    private static readonly ConcurrentDictionary<string, TemplateString> Cache = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Part> _parts;

    private sealed record Part(string? Text, Expr? Expression);

    private TemplateString(IReadOnlyList<Part> parts) => _parts = parts;

    /// <summary>
    /// True when the string contains "${" anywhere (even escaped or unclosed) and so is read as a template;
    /// otherwise it is plain text, left exactly as it is. The official engine draws the line at the same place.
    /// </summary>
    public bool IsTemplate { get; private init; }

    /// <summary>
    /// The whole string is one expression (like <c>"${count}"</c>): its value keeps its JSON type. As in
    /// the official engine a lone literal (<c>"${1}"</c>) still reads as text.
    /// </summary>
    public Expr? SingleExpression =>
        _parts is [{ Expression: { } expression }] && expression is not LiteralExpr ? expression : null;

    public static TemplateString Parse(string text) =>
        Cache.GetOrAdd(text, static t => new TemplateString(Split(t)) { IsTemplate = t.Contains("${", StringComparison.Ordinal) });

    /// <summary>Interpolates every part as text; missing paths read as their own <c>${path}</c>.</summary>
    public string Interpolate(Scope scope)
    {
        var result = new StringBuilder();
        foreach (var (text, expression) in _parts)
        {
            result.Append(expression is null ? text : JsSemantics.ToText(expression.Evaluate(scope, substituteMissing: true)));
        }

        return result.ToString();
    }

    private static List<Part> Split(string text)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\\' && string.CompareOrdinal(text, i + 1, "${", 0, 2) == 0)
            {
                // "\${" is an escaped, literal "${".
                literal.Append("${");
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(text, i, "${", 0, 2) == 0 && FindClosingBrace(text, i + 2) is { } end)
            {
                if (literal.Length > 0)
                {
                    parts.Add(new Part(literal.ToString(), null));
                    literal.Clear();
                }

                var source = text[(i + 2)..end];
                try
                {
                    parts.Add(new Part(null, ExpressionParser.Parse(source)));
                }
                catch (ExpressionSyntaxException ex)
                {
                    throw new ExpressionSyntaxException($"{ex.Message} in '${{{source}}}'");
                }

                i = end + 1;
                continue;
            }

            // Text, including an unclosed "${", is kept as it is (as the official engine does).
            literal.Append(text[i]);
            i++;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null));
        }

        return parts;
    }

    /// <summary>Finds the '}' that closes an expression, skipping braces inside quoted strings.</summary>
    private static int? FindClosingBrace(string text, int start)
    {
        char? quote = null;
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return null;
    }
}
