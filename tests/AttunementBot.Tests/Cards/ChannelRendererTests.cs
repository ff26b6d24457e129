using System.Text.Json.Nodes;
using AttunementBot.Cards;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Cards;

public sealed class ChannelRendererTests
{
    private static readonly string[] SlackBlockTypes = ["header", "section", "context"];

    // A small bound card with every element the plain-text reader handles (a test snippet, not a template).
    private static JsonObject PromptCard() => JsonNode.Parse("""
        {
          "type": "AdaptiveCard", "version": "1.5", "fallbackText": "How present were you?",
          "body": [
            { "type": "TextBlock", "text": "How present were you?", "style": "heading", "wrap": true },
            { "type": "TextBlock", "text": "Noticing is **already** repair.", "wrap": true },
            { "type": "FactSet", "facts": [ { "title": "Session", "value": "Tuesday" }, { "title": "Step", "value": "2 of 5" } ] },
            { "type": "Input.ChoiceSet", "id": "pull", "label": "What pulled you away?", "choices": [
              { "title": "Applying a protocol", "value": "protocol" },
              { "title": "Assessing", "value": "assessing" },
              { "title": "Time pressure", "value": "time" } ] },
            { "type": "Input.Number", "id": "settled", "label": "How settled did you feel?", "min": 1, "max": 5 },
            { "type": "Input.Text", "id": "note", "label": "Anything else?", "isVisible": false },
            { "type": "Container", "items": [ { "type": "Input.Toggle", "id": "permission", "title": "I have given permission to say I wasn't there" } ] },
            { "type": "RichTextBlock", "inlines": [ "Take ", { "type": "TextRun", "text": "your time." } ] }
          ],
          "actions": [
            { "type": "Action.Submit", "title": "Next", "data": { "command": "next" } },
            { "type": "Action.Submit", "title": "Skip", "data": { "command": "skip" } },
            { "type": "Action.Submit", "title": "Back", "data": { "command": "back" } }
          ]
        }
        """)!.AsObject();

    [Theory]
    [InlineData("msteams")]
    [InlineData("emulator")]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("test")]
    public void CardChannelsGetAnAdaptiveCardAttachment(string channelId)
    {
        var activity = ChannelRenderer.ToActivity(PromptCard(), channelId);

        Assert.True(string.IsNullOrEmpty(activity.Text));
        var attachment = Assert.Single(activity.Attachments);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        var content = ChannelRenderer.ReadCard(attachment)!;
        Assert.Equal("AdaptiveCard", content["type"]!.Value<string>());
        Assert.Equal("1.5", content["version"]!.Value<string>());
        Assert.Equal("How present were you?", content["body"]![0]!["text"]!.Value<string>());
        Assert.Equal("next", content["actions"]![0]!["data"]!["command"]!.Value<string>());
    }

    [Fact]
    public void DateLikeTextStaysTextInTheAttachment()
    {
        var card = PromptCard();
        card["body"]![0]!["text"] = "2025-03-04T10:00:00Z";
        var content = ChannelRenderer.ReadCard(ChannelRenderer.ToActivity(card, "msteams").Attachments[0])!;
        Assert.Equal(JTokenType.String, content["body"]![0]!["text"]!.Type);
        Assert.Equal("2025-03-04T10:00:00Z", content["body"]![0]!["text"]!.Value<string>());
    }

    [Fact]
    public void AccentedLettersReachTheChannelAsThemselvesNotAsEscapes()
    {
        var card = PromptCard();
        card["body"]![1]!["text"] = "Zoë and her whānau felt the room go quiet";

        var sent = JsonConvert.SerializeObject(ChannelRenderer.ToActivity(card, "msteams"));

        Assert.Contains("Zoë and her whānau felt the room go quiet", sent, StringComparison.Ordinal);
        Assert.Equal("Zoë and her whānau felt the room go quiet", JObject.Parse(sent)["attachments"]![0]!["content"]!["body"]![1]!["text"]!.Value<string>());
    }

    [Fact]
    public void SlackGetsBlockKitBlocksInChannelDataAndPlainText()
    {
        var activity = ChannelRenderer.ToActivity(PromptCard(), "slack");

        Assert.Empty(activity.Attachments ?? []);
        Assert.Equal(PlainTextCard.Render(PromptCard()), activity.Text);
        JObject channelData = Assert.IsType<JObject>((object)activity.ChannelData);
        Assert.Equal(activity.Text, channelData["text"]!.Value<string>());
        Assert.False(channelData["mrkdwn"]!.Value<bool>());
        var blocks = Assert.IsType<JArray>(channelData["blocks"]);
        Assert.InRange(blocks.Count, 1, 50);
        Assert.All(blocks, b => Assert.Contains(b["type"]!.Value<string>(), SlackBlockTypes));

        var header = blocks[0];
        Assert.Equal("header", header["type"]!.Value<string>());
        Assert.Equal("plain_text", header["text"]!["type"]!.Value<string>());
        Assert.Equal("How present were you?", header["text"]!["text"]!.Value<string>());

        Assert.Contains(blocks, b => b["text"]?["text"]?.Value<string>() == "Noticing is **already** repair.");
        Assert.All(blocks.Where(b => b["text"] is not null), b => Assert.Equal("plain_text", b["text"]!["type"]!.Value<string>()));
        var facts = blocks.Single(b => b["fields"] is not null)["fields"]!;
        Assert.Equal("Session\nTuesday", facts[0]!["text"]!.Value<string>());
        Assert.Equal("plain_text", facts[0]!["type"]!.Value<string>());
        Assert.Contains(blocks, b => b["text"]?["text"]?.Value<string>()?.Contains("1. Applying a protocol\n2. Assessing\n3. Time pressure", StringComparison.Ordinal) == true);

        var last = blocks[blocks.Count - 1]!;
        Assert.Equal("context", last["type"]!.Value<string>());
        Assert.Equal("Type: next · skip · back", last["elements"]![0]!["text"]!.Value<string>());
    }

    [Theory]
    [InlineData("terminal")]
    [InlineData(null)]
    [InlineData("sms")]
    public void OtherChannelsGetPlainTextOnly(string? channelId)
    {
        var activity = ChannelRenderer.ToActivity(PromptCard(), channelId);

        Assert.Empty(activity.Attachments ?? []);
        Assert.Null((object?)activity.ChannelData);
        Assert.Equal(PlainTextCard.Render(PromptCard()), activity.Text);
    }

    [Fact]
    public void PlainTextNumbersChoicesListsFactsHintsInputsAndEndsWithTheCommands()
    {
        var expected = string.Join("\n",
            "How present were you?",
            "Noticing is **already** repair.",
            "Session: Tuesday",
            "Step: 2 of 5",
            "What pulled you away? (type a number)",
            "1. Applying a protocol",
            "2. Assessing",
            "3. Time pressure",
            "How settled did you feel? (type a number from 1 to 5)",
            "I have given permission to say I wasn't there (type yes or no)",
            "Take your time.",
            "Type: next · skip · back");

        Assert.Equal(expected, PlainTextCard.Render(PromptCard()));
    }

    [Fact]
    public void PlainTextSeparatesLaterHeadingsAndShowsLinks()
    {
        var card = JsonNode.Parse("""
            { "type": "AdaptiveCard", "version": "1.5", "body": [
                { "type": "TextBlock", "text": "Summary", "size": "large" },
                { "type": "TextBlock", "text": "Repair ideas", "style": "heading" },
                { "type": "ActionSet", "actions": [ { "type": "Action.OpenUrl", "title": "Clinic protocol", "url": "https://example.org/p" } ] } ] }
            """)!.AsObject();

        Assert.Equal("Summary\n\nRepair ideas\nClinic protocol: https://example.org/p", PlainTextCard.Render(card));
    }

    [Theory]
    [InlineData("msteams", CardDelivery.AdaptiveCard)]
    [InlineData("MSTeams", CardDelivery.AdaptiveCard)]
    [InlineData("slack", CardDelivery.SlackBlocks)]
    [InlineData("terminal", CardDelivery.PlainText)]
    public void DeliveryIsDecidedByChannelId(string channelId, CardDelivery expected) =>
        Assert.Equal(expected, ChannelRenderer.DeliveryFor(channelId));
}
