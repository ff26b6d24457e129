using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>Reads the Adaptive Card a person would see in the bot's replies, as Teams would get it.</summary>
public sealed class CardReader(JObject card)
{
    public JObject Json => card;

    public static CardReader Last(IEnumerable<Activity> replies) => new(
        replies.SelectMany(r => r.Attachments ?? []).LastOrDefault(a => a.ContentType == "application/vnd.microsoft.card.adaptive")?.Content as JObject
        ?? throw new Xunit.Sdk.XunitException("The bot sent no Adaptive Card. It sent: " + BotClient.TextOf(replies)));

    /// <summary>The step id its buttons carry ("presence", "summary", "repairLanguage").</summary>
    public string Step => Actions().Select(a => (string?)a["data"]?["step"]).First(s => s is not null)!;

    public string Text => string.Join('\n', card.Descendants().OfType<JProperty>()
        .Where(p => p.Name is "text" or "title" or "value" or "label" && p.Value.Type == JTokenType.String)
        .Select(p => ShownText.Of((string)p.Value!)));

    public string Fact(string title) =>
        (card.Descendants().OfType<JObject>().FirstOrDefault(o => o["title"] is JValue { Type: JTokenType.String } t && ShownText.Of((string)t!) == title && o["value"] is not null)?["value"] is { } value ? ShownText.Of((string)value!) : null)
        ?? throw new Xunit.Sdk.XunitException($"No fact '{title}' on the card:\n{card}");

    public string? InputValue(string id) =>
        (string?)card.Descendants().OfType<JObject>().FirstOrDefault(o => (string?)o["id"] == id)?["value"];

    /// <summary>The value a button sends, with the given input values, as Teams would post it.</summary>
    public JObject Press(string action, params (string Id, string Value)[] inputs)
    {
        var button = Actions().FirstOrDefault(a => (string?)a["data"]?["action"] == action)
            ?? throw new Xunit.Sdk.XunitException($"No '{action}' button on the card:\n{card}");
        var value = (JObject)button["data"]!.DeepClone();
        foreach (var (id, input) in inputs)
        {
            value[id] = input;
        }

        return value;
    }

    private IEnumerable<JObject> Actions() =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true);
}
