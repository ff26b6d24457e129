using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Bot;

/// <summary>
/// Turns a message activity into what features read: typed text, or a card submit's value as
/// JSON. A command button's submit (<c>{"command": "help"}</c>) reads as if the command was typed.
/// </summary>
public static class UserInputReader
{
    public static UserInput Read(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var submit = activity.Value switch
        {
            JObject value => ParseObject(value.ToString(Newtonsoft.Json.Formatting.None)),
            string text when text.TrimStart().StartsWith('{') => ParseObject(text),
            _ => null,
        };

        if (submit?["command"] is JsonValue command && command.TryGetValue<string>(out var typed))
        {
            return new UserInput(typed, null);
        }

        return new UserInput(submit is null ? activity.Text : null, submit);
    }

    /// <summary>
    /// An <c>adaptiveCard/action</c> invoke (Teams' Action.Execute) read as the Action.Submit it stands for: the
    /// action's data, which carries the card's inputs too. Null when the invoke holds no Action.Execute data.
    /// </summary>
    public static UserInput? ReadExecute(IInvokeActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Value is not JObject { } value || value["action"] is not JObject { } action
            || (string?)action["type"] != "Action.Execute" || action["data"] is not JObject data)
        {
            return null;
        }

        return Read(new Activity(ActivityTypes.Message) { Value = data });
    }

    /// <summary>True when the activity carried a value that is not a JSON object (a malformed submit).</summary>
    public static bool HasUnreadableValue(IMessageActivity activity) =>
        activity?.Value is not null and not JObject && Read(activity).Submit is null;

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
