using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
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
/// The one place that decides how a bound card reaches a channel, and how text shows there: every
/// string a card or message carries renders as text (<see cref="SafeText"/>), whoever wrote it.
/// Features produce a card (<see cref="CardLibrary.Render"/>) and hand it here with the turn's channel id.
/// </summary>
public static class ChannelRenderer
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Accented letters and other scripts as they are rather than as \u escapes: Teams limits a message's size.</summary>
    private static readonly JsonSerializerOptions CardJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
                activity.Attachments = [ToAttachment(ForHost(card, channelId))];
                break;
            case CardDelivery.SlackBlocks:
                var channelData = SlackBlocks.ChannelData(card);
                activity.Text = channelData["text"]!.GetValue<string>();
                activity.ChannelData = ToJObject(channelData);
                break;
            default:
                activity.Text = SafeText.Terminal(PlainTextCard.Render(card));
                break;
        }

        // Made safe here, once; the outgoing text step leaves it alone.
        activity.TextFormat = TextFormatTypes.Plain;
        return activity;
    }

    /// <summary>
    /// A message's own text as its channel shows text: plain, with nothing in it read as a link, a
    /// mention or formatting. A message that already says its text format (a card rendered here, or a
    /// feature that chose one) is left as it is.
    /// </summary>
    public static void PrepareText(IActivity activity, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity is not IMessageActivity { TextFormat: null } message)
        {
            return;
        }

        message.TextFormat = TextFormatTypes.Plain;
        if (string.IsNullOrEmpty(message.Text))
        {
            return;
        }

        message.Text = DeliveryFor(channelId) switch
        {
            CardDelivery.AdaptiveCard => SafeText.Plain(message.Text),
            CardDelivery.SlackBlocks => SafeText.Slack(message.Text),
            _ => SafeText.Terminal(message.Text),
        };
    }

    /// <summary>
    /// The card as a host renders it. Only Teams answers <c>Action.Execute</c> with an <c>adaptiveCard/action</c>
    /// invoke; Web Chat, Direct Line and the Emulator parse the action but have no invoke to send, so they get
    /// each action's <c>fallback</c> (an <c>Action.Submit</c> with the same data) in its place, and no
    /// <c>refresh</c> (per-user views, which only Teams asks for).
    /// </summary>
    public static JsonObject ForHost(JsonObject card, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (string.Equals(channelId, "msteams", StringComparison.OrdinalIgnoreCase))
        {
            return card;
        }

        var copy = card.DeepClone().AsObject();
        copy.Remove("refresh");
        UseFallbacks(copy);
        return copy;
    }

    /// <summary>The card as an invoke response's value: the content of its attachment.</summary>
    public static JObject ToInvokeCard(JsonObject card, string? channelId) => ToCardValue(ForHost(card, channelId));

    /// <summary>The card, made safe, as a Newtonsoft JObject: for an invoke response's value.</summary>
    public static JObject ToCardValue(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return ToJObject(SafeCard.Escape(card));
    }

    /// <summary>
    /// An attachment's card to read: the JSON this renderer attached, or the object Bot Builder made of it once it
    /// had been through JSON (an outbox row, a channel's request). Null when it is not a card's JSON.
    /// </summary>
    public static JObject? ReadCard(Attachment attachment) => attachment?.Content switch
    {
        JObject card => card,
        JRaw { Value: string json } => JObject.Load(new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None }),
        _ => null,
    };

    private static void UseFallbacks(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (FallbackOf(value) is { } fallback)
                    {
                        obj[name] = fallback;
                    }

                    UseFallbacks(obj[name]);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (FallbackOf(array[i]) is { } fallback)
                    {
                        array[i] = fallback;
                    }

                    UseFallbacks(array[i]);
                }

                break;
        }
    }

    private static JsonNode? FallbackOf(JsonNode? node) =>
        node is JsonObject action && (string?)action["type"] == "Action.Execute" && action["fallback"] is JsonObject fallback ? fallback.DeepClone() : null;

    /// <summary>
    /// The card as a Bot Framework attachment. Its content is the card's JSON text as Newtonsoft's <see cref="JRaw"/>,
    /// which Bot Builder writes out as it is: a reply is written twice (the outbox, then the channel or the HTTP
    /// response), and copying text is far cheaper than walking an object tree each time. Read it with
    /// <see cref="ReadCard"/>.
    /// </summary>
    public static Attachment ToAttachment(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new Attachment { ContentType = AdaptiveCardContentType, Content = new JRaw(SafeCard.Escape(card).ToJsonString(CardJson)) };
    }

    /// <summary>
    /// Node by node rather than through JSON text (written, then parsed again: most of a card's cost per turn). Text
    /// stays text, so ISO-looking strings are never turned into dates and reformatted.
    /// </summary>
    private static JObject ToJObject(JsonObject json)
    {
        var result = new JObject();
        foreach (var (name, value) in json)
        {
            result.Add(name, ToJToken(value));
        }

        return result;
    }

    private static JToken ToJToken(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JValue.CreateNull();
            case JsonObject obj:
                return ToJObject(obj);
            case JsonArray array:
                var items = new JArray();
                foreach (var item in array)
                {
                    items.Add(ToJToken(item));
                }

                return items;
            default:
                var value = node.AsValue();
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => new JValue(value.GetValue<string>()),
                    JsonValueKind.True => new JValue(true),
                    JsonValueKind.False => new JValue(false),
                    JsonValueKind.Null => JValue.CreateNull(),
                    _ => Number(value.ToJsonString()),
                };
        }
    }

    private static JValue Number(string json) =>
        long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? new JValue(whole)
            : new JValue(double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture));
}
