using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// What a person reads of card text the bot escaped for the host's markdown: a backslash before
/// punctuation shows only the punctuation, and the invisible word joiner that unlinks addresses shows
/// nothing. Tests read cards through this, as a person reads them.
/// </summary>
public static partial class ShownText
{
    public static string Of(string text) => MarkdownEscape().Replace(text, "$1").Replace("\u2060", string.Empty, StringComparison.Ordinal);

    /// <summary>A copy of the card JSON with every string as shown.</summary>
    public static JToken Of(JToken token)
    {
        var copy = token.DeepClone();
        foreach (var value in (copy is JContainer container ? container.DescendantsAndSelf() : [copy]).OfType<JValue>().Where(v => v.Type == JTokenType.String).ToList())
        {
            value.Value = Of((string)value.Value!);
        }

        return copy;
    }

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();
}
