using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Common;

namespace AttunementBot.Supervision;

/// <summary>
/// Everything the supervision feature says, from supervision-text.json, looked up by a dotted
/// path ("join.joined") with {placeholders} filled in.
/// </summary>
public sealed class SupervisionText
{
    private readonly JsonObject _root;

    private SupervisionText(JsonObject root) => _root = root;

    public static SupervisionText Load() => new(EmbeddedData.Load<JsonObject>("Supervision/supervision-text.json"));

    public string this[string path] => Node(path) is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : throw new InvalidOperationException($"supervision-text.json has no text at '{path}'.");

    public int Limit(string name) => Node($"cardLimits.{name}")?.GetValue<int>()
        ?? throw new InvalidOperationException($"supervision-text.json has no limit '{name}'.");

    public IReadOnlyList<string> Words(string command) =>
        Node($"commands.{command}") is JsonArray words
            ? [.. words.Select(w => w!.GetValue<string>())]
            : throw new InvalidOperationException($"supervision-text.json has no command '{command}'.");

    public IEnumerable<string> CommandNames => ((JsonObject)_root["commands"]!).Select(p => p.Key);

    public string Fill(string path, params (string Name, object? Value)[] values)
    {
        var text = this[path];
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    private JsonNode? Node(string path)
    {
        JsonNode? node = _root;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }
}
