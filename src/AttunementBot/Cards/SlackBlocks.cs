using System.Text.Json.Nodes;

namespace AttunementBot.Cards;

/// <summary>
/// A card as a Slack Block Kit message. The Azure Bot Service Slack channel posts a message's
/// <c>channelData</c> as a full-fidelity Slack message (<c>chat.postMessage</c>: <c>text</c> and
/// <c>blocks</c>). The blocks are for reading only: answers are typed (every prompt accepts text), so no
/// interactive elements are sent whose clicks the bot would have to decode. Every text is
/// <c>plain_text</c> with Slack's control characters escaped (<see cref="SafeText.Slack"/>), and the
/// fallback text is sent with mrkdwn off, so what anyone typed never becomes formatting, a link or a
/// mention; only a template's own link buttons are links.
/// </summary>
public static class SlackBlocks
{
    // Block Kit limits for messages.
    private const int MaxBlocks = 50;
    private const int MaxHeaderLength = 150;
    private const int MaxSectionLength = 3000;
    private const int MaxFieldsPerSection = 10;

    /// <summary>The channelData object: <c>{ "text": plain text, "mrkdwn": false, "blocks": [...] }</c>.</summary>
    public static JsonObject ChannelData(JsonObject card)
    {
        var lines = CardOutline.Read(card);
        return new JsonObject
        {
            ["text"] = SafeText.Slack(PlainTextCard.Render(lines)),
            ["mrkdwn"] = false,
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
                    ["fields"] = new JsonArray([.. chunk.Select(f => (JsonNode)PlainText(f))]),
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
                        ["text"] = PlainText(Truncate(line.Text, MaxHeaderLength)),
                    });
                    break;
                case CardLineKind.Fact:
                    FlushParagraph();
                    fields.Add($"{line.Label}\n{line.Text}");
                    break;
                case CardLineKind.Link:
                    Flush();
                    blocks.Add(new JsonObject
                    {
                        ["type"] = "section",
                        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"<{line.Text}|{SafeText.Slack(line.Label ?? line.Text)}>", ["verbatim"] = true },
                    });
                    break;
                case CardLineKind.Commands:
                    Flush();
                    blocks.Add(new JsonObject
                    {
                        ["type"] = "context",
                        ["elements"] = new JsonArray(PlainText($"Type: {line.Text}")),
                    });
                    break;
                case CardLineKind.Choice:
                    paragraph.Add(PlainTextCard.Format(line));
                    break;
                case CardLineKind.Prompt:
                    Flush();
                    paragraph.Add(PlainTextCard.Format(line));
                    break;
                default:
                    Flush();
                    paragraph.Add(line.Text);
                    break;
            }
        }

        Flush();
        return new JsonArray([.. blocks.Take(MaxBlocks)]);

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = PlainText(Truncate(string.Join("\n", paragraph), MaxSectionLength)),
                });
                paragraph.Clear();
            }
        }
    }

    /// <summary>A plain_text object: Slack shows it as written, with no formatting, links or mentions.</summary>
    private static JsonObject PlainText(string text) => new()
    {
        ["type"] = "plain_text",
        ["text"] = SafeText.Slack(text),
        ["emoji"] = true,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
