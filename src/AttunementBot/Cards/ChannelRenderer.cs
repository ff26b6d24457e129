using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Cards;

/// <summary>How a channel receives cards.</summary>
public enum CardDelivery
{
    /// <summary>An Adaptive Card attachment (Teams, Web Chat, Direct Line, the Emulator, tests).</summary>
    AdaptiveCard,

    /// <summary>Slack Block Kit blocks in channelData, with the plain text as the message text.</summary>
    SlackBlocks,

    /// <summary>Plain text only (the terminal chat and any channel not known to render cards).</summary>
    PlainText,
}

/// <summary>
/// The one place that decides how a bound card reaches a channel. Features produce a card
/// (<see cref="CardLibrary.Render"/>) and hand it here with the turn's channel id.
/// </summary>
public static class ChannelRenderer
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static CardDelivery DeliveryFor(string? channelId) => channelId?.ToLowerInvariant() switch
    {
        "msteams" or "emulator" or "webchat" or "directline" or "test" => CardDelivery.AdaptiveCard,
        "slack" => CardDelivery.SlackBlocks,
        _ => CardDelivery.PlainText,
    };

    public static IMessageActivity ToActivity(JsonObject card, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(card);
        var activity = Activity.CreateMessageActivity();
        switch (DeliveryFor(channelId))
        {
            case CardDelivery.AdaptiveCard:
                activity.Attachments = [ToAttachment(card)];
                break;
            case CardDelivery.SlackBlocks:
                var channelData = SlackBlocks.ChannelData(card);
                activity.Text = channelData["text"]!.GetValue<string>();
                activity.ChannelData = ToJObject(channelData);
                break;
            default:
                activity.Text = PlainTextCard.Render(card);
                break;
        }

        return activity;
    }

    /// <summary>The card as a Bot Framework attachment; its content is a Newtonsoft JObject as Bot Builder expects.</summary>
    public static Attachment ToAttachment(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new Attachment { ContentType = AdaptiveCardContentType, Content = ToJObject(card) };
    }

    private static JObject ToJObject(JsonObject json)
    {
        // Dates stay text: Newtonsoft would otherwise turn ISO-looking strings into DateTime and reformat them.
        using var reader = new JsonTextReader(new StringReader(json.ToJsonString())) { DateParseHandling = DateParseHandling.None };
        return JObject.Load(reader);
    }
}
