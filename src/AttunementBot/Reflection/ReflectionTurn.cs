using System.Text.Json.Nodes;

namespace AttunementBot.Reflection;

/// <summary>One turn, read: a typed command, a typed answer, or a card submit (step, action, input values).</summary>
internal sealed record ReflectionTurn(string? Command, string Text, JsonObject? Submit, string? Step, IReadOnlyDictionary<string, JsonNode?> Values)
{
    private static readonly HashSet<string> SubmitKeys = new(StringComparer.Ordinal) { "flow", "step", "action" };

    private static readonly string[] TypedCommands = ["start", "help", "cancel", "restart", "back", "skip", "continue", "repair", "more", "another", "done"];

    public static ReflectionTurn Read(UserInput input, ReflectionTextData text)
    {
        if (input.Submit is { } submit)
        {
            var values = submit
                .Where(p => !SubmitKeys.Contains(p.Key) && p.Key != "msteams")
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var action = SubmitString(submit, "action");
            var command = action switch
            {
                "startOver" => "restart",
                "start" or "next" or "skip" or "back" or "help" or "cancel" or "restart" or "continue"
                    or "repair" or "more" or "another" or "done" => action,
                _ => "invalid",
            };
            if (SubmitString(submit, "flow") != ReflectionFlow.FlowName)
            {
                command = "invalid";
            }

            return new ReflectionTurn(command, "", submit, SubmitString(submit, "step"), values);
        }

        var typed = input.Text ?? "";
        var typedCommand = TypedCommands.FirstOrDefault(c => IsCommand(text, typed, c));
        return new ReflectionTurn(typedCommand, typed, null, null, new Dictionary<string, JsonNode?>());
    }

    /// <summary>Whether <paramref name="typed"/> is one of the words for <paramref name="command"/> in reflection-text.json.</summary>
    public static bool IsCommand(ReflectionTextData text, string? typed, string command) =>
        text.Commands.TryGetValue(command, out var words) && TypedText.IsOneOf(typed, words);

    public static string? SubmitString(JsonObject submit, string key) =>
        submit.TryGetPropertyValue(key, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
