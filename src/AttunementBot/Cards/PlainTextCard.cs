using System.Text;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards;

/// <summary>
/// A card as plain text, for channels without cards (the terminal chat, Slack's fallback text). Choices are
/// numbered in their order because every prompt accepts the typed number; actions become the last line,
/// <c>Type: next · skip · back</c>.
/// </summary>
public static class PlainTextCard
{
    public static string Render(JsonObject card) => Render(CardOutline.Read(card));

    public static string Render(IReadOnlyList<CardLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Kind == CardLineKind.Heading && text.Length > 0)
            {
                // A heading starts a new paragraph so the sections of a card stay apart.
                text.AppendLine();
            }

            text.AppendLine(Format(line));
        }

        return text.ToString().TrimEnd();
    }

    public static string Format(CardLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Kind switch
        {
            CardLineKind.Fact or CardLineKind.Link => $"{line.Label}: {line.Text}",
            CardLineKind.Choice => $"{line.Label}. {line.Text}",
            CardLineKind.Prompt => string.IsNullOrWhiteSpace(line.Label) ? $"({line.Text})" : $"{line.Label} ({line.Text})",
            CardLineKind.Commands => $"Type: {line.Text}",
            _ => line.Text,
        };
    }
}
