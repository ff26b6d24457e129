using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Cards;

/// <summary>
/// A bound Adaptive Card with every piece of text made safe for the host: markdown-read text
/// (TextBlock, facts) escaped, other shown text (fallback, labels, titles, text runs) without
/// addresses. Ids, values, data and URLs the template set are left exactly as bound.
/// </summary>
public static class SafeCard
{
    private static readonly string[] ShownText = ["fallbackText", "label", "placeholder", "title", "altText", "errorMessage"];

    public static JsonObject Escape(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var copy = (JsonObject)card.DeepClone();
        Visit(copy, inFacts: false);
        return copy;
    }

    private static void Visit(JsonNode? node, bool inFacts)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Visit(item, inFacts);
                }

                break;
            case JsonObject obj:
                EscapeObject(obj, inFacts);
                break;
        }
    }

    private static void EscapeObject(JsonObject obj, bool isFact)
    {
        var type = obj["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        foreach (var (name, value) in obj.ToArray())
        {
            if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                var s = text.GetValue<string>();
                if ((type == "TextBlock" && name == "text") || (isFact && name is "title" or "value"))
                {
                    obj[name] = SafeText.CardMarkdown(s);
                }
                else if ((type == "TextRun" && name == "text") || ShownText.Contains(name, StringComparer.Ordinal))
                {
                    obj[name] = SafeText.Plain(s);
                }
            }
            else if (name is not ("data" or "value"))
            {
                // Submit data and input values go back to the bot as they are; everything else may show text.
                Visit(value, inFacts: type == "FactSet" && name == "facts");
            }
        }
    }
}
