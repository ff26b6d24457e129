using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttunementBot.Cards;

/// <summary>What a line of a card's readable outline is, so each channel can lay it out its own way.</summary>
public enum CardLineKind
{
    Heading,
    Text,
    Fact,
    Choice,
    Prompt,
    Link,
    Commands,
}

/// <param name="Label">For facts and links: the label; for choices: the number typed to pick it.</param>
public sealed record CardLine(CardLineKind Kind, string Text, string? Label = null);

/// <summary>
/// Reads a bound Adaptive Card generically into a readable outline: texts, facts, inputs with a hint of
/// what to type, and the commands its actions stand for. Nothing here knows any particular template, so
/// a new card needs no code to work on text-only channels. Hidden elements (<c>isVisible: false</c>) are skipped.
/// </summary>
public static partial class CardOutline
{
    public static IReadOnlyList<CardLine> Read(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var lines = new List<CardLine>();
        var commands = new List<string>();
        ReadElements(card["body"], lines, commands);
        ReadActions(card["actions"], lines, commands);
        if (commands.Count > 0)
        {
            lines.Add(new CardLine(CardLineKind.Commands, string.Join(" · ", commands.Distinct(StringComparer.Ordinal))));
        }

        return lines;
    }

    private static void ReadElements(JsonNode? elements, List<CardLine> lines, List<string> commands)
    {
        foreach (var element in Visible(elements))
        {
            ReadElement(element, lines, commands);
        }
    }

    private static void ReadElement(JsonObject element, List<CardLine> lines, List<string> commands)
    {
        switch (Str(element, "type"))
        {
            case "TextBlock":
                AddText(lines, Str(element, "text"), IsHeading(element) ? CardLineKind.Heading : CardLineKind.Text);
                break;
            case "RichTextBlock":
                AddText(lines, string.Concat(Visible(element["inlines"], allowStrings: true).Select(InlineText)), CardLineKind.Text);
                break;
            case "FactSet":
                foreach (var fact in Visible(element["facts"]))
                {
                    lines.Add(new CardLine(CardLineKind.Fact, Str(fact, "value") ?? string.Empty, Str(fact, "title") ?? string.Empty));
                }

                break;
            case "Input.ChoiceSet":
                ReadChoiceSet(element, lines);
                break;
            case "Input.Number":
                AddPrompt(lines, element, NumberHint(element));
                break;
            case "Input.Text":
                AddPrompt(lines, element, "type your answer");
                break;
            case "Input.Toggle":
                AddPrompt(lines, element, "type yes or no", Str(element, "title"));
                break;
            case "Input.Date":
                AddPrompt(lines, element, "type a date");
                break;
            case "Input.Time":
                AddPrompt(lines, element, "type a time");
                break;
            case "ActionSet":
                ReadActions(element["actions"], lines, commands);
                break;
            case string chart when chart.StartsWith("Chart.", StringComparison.Ordinal):
                // Teams' charts are drawn only there; elsewhere the chart's fallback says the same in words.
                if (element["fallback"] is JsonObject fallback)
                {
                    ReadElement(fallback, lines, commands);
                }

                break;
            default:
                // Containers, column sets, columns, table rows and cells: read what they hold, in order.
                AddText(lines, Str(element, "text"), CardLineKind.Text);
                ReadElements(element["items"], lines, commands);
                ReadElements(element["columns"], lines, commands);
                ReadElements(element["rows"], lines, commands);
                ReadElements(element["cells"], lines, commands);
                break;
        }
    }

    private static void ReadChoiceSet(JsonObject element, List<CardLine> lines)
    {
        var multiSelect = element["isMultiSelect"]?.GetValueKind() == JsonValueKind.True;
        AddPrompt(lines, element, multiSelect ? "type one or more numbers, like 1, 3" : "type a number");
        var number = 0;
        foreach (var choice in Visible(element["choices"]))
        {
            number++;
            lines.Add(new CardLine(CardLineKind.Choice, Str(choice, "title") ?? Str(choice, "value") ?? string.Empty, number.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void ReadActions(JsonNode? actions, List<CardLine> lines, List<string> commands)
    {
        foreach (var action in Visible(actions))
        {
            if (action["isEnabled"]?.GetValueKind() == JsonValueKind.False || Str(action, "title") is not { Length: > 0 } title)
            {
                continue;
            }

            if (Str(action, "type") == "Action.OpenUrl")
            {
                // A link cannot be typed; show where it goes instead.
                lines.Add(new CardLine(CardLineKind.Link, Str(action, "url") ?? string.Empty, title));
            }
            else
            {
                commands.Add(TypedCommand(action) ?? title.ToLowerInvariant());
            }
        }
    }

    /// <summary>
    /// What a person types to do what the button does: the command a command button stands for, or the
    /// submit's action in words ("startOver" → "start over"). The button's title is only a fallback,
    /// because titles are written to be read ("See repair language"), not typed.
    /// </summary>
    private static string? TypedCommand(JsonObject action)
    {
        if (action["data"] is not JsonObject data)
        {
            return null;
        }

        var word = Str(data, "command") ?? Str(data, "action");
        return word is null ? null : CamelCaseBoundary().Replace(word, " $1").ToLowerInvariant();
    }

    private static void AddPrompt(List<CardLine> lines, JsonObject input, string hint, string? fallbackLabel = null)
    {
        var label = Str(input, "label") ?? fallbackLabel ?? Str(input, "placeholder");
        lines.Add(new CardLine(CardLineKind.Prompt, hint, label));
    }

    private static string NumberHint(JsonObject input)
    {
        var min = input["min"];
        var max = input["max"];
        return min is not null && max is not null
            ? $"type a number from {min.ToJsonString()} to {max.ToJsonString()}"
            : "type a number";
    }

    private static void AddText(List<CardLine> lines, string? text, CardLineKind kind)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            lines.Add(new CardLine(kind, text.Trim()));
        }
    }

    private static bool IsHeading(JsonObject textBlock)
    {
        var size = Str(textBlock, "size");
        return Str(textBlock, "style") == "heading"
            || size is "large" or "extraLarge"
            || (size == "medium" && Str(textBlock, "weight") == "bolder");
    }

    private static string InlineText(JsonNode inline) =>
        inline.GetValueKind() == JsonValueKind.String ? inline.GetValue<string>() : Str(inline.AsObject(), "text") ?? string.Empty;

    /// <summary>The objects of an element array that are shown (isVisible is not false).</summary>
    private static IEnumerable<JsonObject> Visible(JsonNode? array) =>
        Visible(array, allowStrings: false).OfType<JsonObject>();

    private static IEnumerable<JsonNode> Visible(JsonNode? array, bool allowStrings) =>
        array is JsonArray items
            ? items.OfType<JsonNode>().Where(item =>
                (item is JsonObject obj && obj["isVisible"]?.GetValueKind() != JsonValueKind.False)
                || (allowStrings && item.GetValueKind() == JsonValueKind.String))
            : [];

    private static string? Str(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex CamelCaseBoundary();
}
