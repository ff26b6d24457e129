using System.Text;
using System.Text.RegularExpressions;

namespace AttunementBot.Chat;

/// <summary>
/// The bot's words laid out for a terminal: wrapped to its width between words (a word longer than a line keeps
/// its own line, whole), numbered choices indented with their wrapped lines under their text.
/// </summary>
public static partial class TerminalText
{
    public static string Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(width, 20);
        var output = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var choice = Choice().Match(line);
            var (first, rest) = choice.Success
                ? ("  " + choice.Value, new string(' ', 2 + choice.Value.Length))
                : Bullet().Match(line) is { Success: true } bullet ? (bullet.Value, new string(' ', bullet.Value.Length)) : ("", "");
            var words = line[(choice.Success ? choice.Length : first.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var current = new StringBuilder(first);
            var lineHasWord = false;
            foreach (var word in words)
            {
                if (lineHasWord && current.Length + 1 + word.Length > width)
                {
                    output.Append(current.ToString().TrimEnd()).Append('\n');
                    current.Clear().Append(rest);
                    lineHasWord = false;
                }

                current.Append(lineHasWord ? " " : "").Append(word);
                lineHasWord = true;
            }

            output.Append(current.ToString().TrimEnd()).Append('\n');
        }

        return output.ToString().TrimEnd('\n');
    }

    [GeneratedRegex(@"^\d{1,2}\. ")]
    private static partial Regex Choice();

    [GeneratedRegex(@"^\s*[-•] ")]
    private static partial Regex Bullet();
}
