using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Cards;

/// <summary>
/// Makes text show as the characters it is, in each channel's own rendering: no links, no markdown,
/// no HTML, no mentions, no terminal control sequences. The bot's words carry no formatting of their
/// own (cards style with weight and size), so everything a card or message says goes through here,
/// whoever wrote it. <see cref="ChannelRenderer"/> is the only caller.
/// </summary>
public static partial class SafeText
{
    /// <summary>U+2060 WORD JOINER: invisible, and enough to stop a client seeing a web address.</summary>
    private const char Joiner = '\u2060';

    /// <summary>
    /// For Adaptive Card text that hosts read as markdown (TextBlock text, facts): markdown's own
    /// escape (a backslash before the punctuation) on every character that can start formatting, a
    /// link, an HTML tag or an entity, and on list and heading markers at the start of a line.
    /// </summary>
    public static string CardMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        var lineStart = true;
        foreach (var c in Unlinked(WithoutControls(text)))
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '~' or '<' or '>' or '&' or '|' || (lineStart && c is '#' or '-' or '+' or '='))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }

        // "1. " at a line's start would become a numbered list.
        return OrderedListMarker().Replace(escaped.ToString(), "$1$2\\$3");
    }

    /// <summary>For a message sent as plain text (textFormat "plain"): only addresses need taking apart.</summary>
    public static string Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Unlinked(WithoutControls(text));
    }

    /// <summary>
    /// For Slack: its three control characters as entities, which also stops &lt;url|text&gt;,
    /// &lt;!channel&gt; and &lt;@user&gt;, and addresses taken apart so Slack does not link them.
    /// </summary>
    public static string Slack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Unlinked(WithoutControls(text))
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>For the terminal: control characters (an escape sequence can rewrite the screen) removed; the rest as typed.</summary>
    public static string Terminal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WithoutControls(text);
    }

    private static string WithoutControls(string text) =>
        text.Any(IsControl) ? string.Concat(text.Where(c => !IsControl(c))) : text;

    private static bool IsControl(char c) => char.IsControl(c) && c is not '\n' and not '\t';

    /// <summary>"http://x", "www.x" and "x.org" no longer read as addresses; they look the same.</summary>
    private static string Unlinked(string text)
    {
        text = text.Replace("://", ":" + Joiner + "//", StringComparison.Ordinal);
        return DomainDot().Replace(text, "." + Joiner);
    }

    /// <summary>A dot joining a name to two or more letters ("example.org", "www.x", "a@b.com"), not "e.g." or "3.5".</summary>
    [GeneratedRegex(@"(?<=[\p{L}\p{N}])\.(?=\p{L}{2,})")]
    private static partial Regex DomainDot();

    [GeneratedRegex(@"(^|\n)([ \t]*\d+)([.)])")]
    private static partial Regex OrderedListMarker();
}
