using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttunementBot.Cards;

/// <summary>
/// A card as a Slack Block Kit message. The Azure Bot Service Slack channel posts a message's
/// <c>channelData</c> as a full-fidelity Slack message (<c>chat.postMessage</c>: <c>text</c> and
/// <c>blocks</c>). The blocks are for reading only: answers are typed (every prompt accepts text), so no
/// interactive elements are sent whose clicks the bot would have to decode.
/// </summary>
public static partial class SlackBlocks
{
    // Block Kit limits for messages.
    private const int MaxBlocks = 50;
    private const int MaxHeaderLength = 150;
    private const int MaxSectionLength = 3000;
    private const int MaxFieldsPerSection = 10;

    /// <summary>The channelData object: <c>{ "text": plain text, "blocks": [...] }</c>.</summary>
    public static JsonObject ChannelData(JsonObject card)
    {
        var lines = CardOutline.Read(card);
        return new JsonObject
        {
            ["text"] = PlainTextCard.Render(lines),
            ["blocks"] = Blocks(lines),
        };
    }

    public static JsonArray Blocks(IReadOnlyList<CardLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var blocks = new List<JsonObject>();
        var paragraph = new List<string>();
        var fields = new List<string>();

        void Flush()
        {
            FlushParagraph();
            foreach (var chunk in fields.Chunk(MaxFieldsPerSection))
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "section",
                    ["fields"] = new JsonArray([.. chunk.Select(f => (JsonNode)Mrkdwn(f))]),
                });
            }

            fields.Clear();
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case CardLineKind.Heading:
                    Flush();
                    blocks.Add(new JsonObject
                    {
                        ["type"] = "header",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(line.Text, MaxHeaderLength), ["emoji"] = true },
                    });
                    break;
                case CardLineKind.Fact:
                    FlushParagraph();
                    fields.Add($"*{Escape(line.Label ?? string.Empty)}*\n{ToMrkdwn(line.Text)}");
                    break;
                case CardLineKind.Prompt:
                    Flush();
                    paragraph.Add(string.IsNullOrWhiteSpace(line.Label)
                        ? $"_({Escape(line.Text)})_"
                        : $"*{Escape(line.Label)}* _({Escape(line.Text)})_");
                    break;
                case CardLineKind.Choice:
                    paragraph.Add($"{line.Label}. {ToMrkdwn(line.Text)}");
                    break;
                case CardLineKind.Link:
                    Flush();
                    paragraph.Add($"<{line.Text}|{Escape(line.Label ?? line.Text)}>");
                    break;
                case CardLineKind.Commands:
                    Flush();
                    blocks.Add(new JsonObject
                    {
                        ["type"] = "context",
                        ["elements"] = new JsonArray(Mrkdwn($"Type: {Escape(line.Text)}")),
                    });
                    break;
                default:
                    Flush();
                    paragraph.Add(ToMrkdwn(line.Text));
                    break;
            }
        }

        Flush();
        return new JsonArray([.. blocks.Take(MaxBlocks)]);

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(Section(string.Join("\n", paragraph)));
                paragraph.Clear();
            }
        }
    }

    /// <summary>Adaptive Card markdown to Slack mrkdwn: **bold** → *bold*, [text](url) → &lt;url|text&gt;.</summary>
    public static string ToMrkdwn(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = Escape(markdown);
        text = BoldPattern().Replace(text, "*$1*");
        return LinkPattern().Replace(text, "<$2|$1>");
    }

    private static JsonObject Section(string text) => new()
    {
        ["type"] = "section",
        ["text"] = Mrkdwn(Truncate(text, MaxSectionLength)),
    };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    /// <summary>Slack's three control characters in message text.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
