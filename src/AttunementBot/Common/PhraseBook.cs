using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Common;

/// <summary>
/// A feature's words, from its JSON phrase file, looked up by a dotted path ("join.joined") with
/// {placeholders} filled in. Each feature derives its own type, so each is injected on its own.
/// </summary>
public abstract class PhraseBook
{
    private readonly JsonObject _root;
    private readonly string _file;

    /// <param name="file">Path of the embedded JSON, relative to the project ("Supervision/supervision-text.json").</param>
    protected PhraseBook(string file)
    {
        _file = file;
        _root = EmbeddedData.Load<JsonObject>(file);
    }

    public string this[string path] => Node(path) is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? value.GetValue<string>()
        : throw new InvalidOperationException($"{_file} has no text at '{path}'.");

    public int Limit(string name) => Node($"cardLimits.{name}")?.GetValue<int>()
        ?? throw new InvalidOperationException($"{_file} has no limit '{name}'.");

    public IReadOnlyList<string> Words(string command) =>
        Node($"commands.{command}") is JsonArray words
            ? [.. words.Select(w => w!.GetValue<string>())]
            : throw new InvalidOperationException($"{_file} has no command '{command}'.");

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
