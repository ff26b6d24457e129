using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AttunementBot.Cards;

/// <summary>
/// The card templates of the top-level <c>cards/</c> folder (copied beside the host as <c>cards/*.json</c>),
/// loaded once and bound on demand. Register one instance as a singleton; <see cref="Default"/> reads the
/// folder beside the running assembly.
/// </summary>
public sealed class CardLibrary
{
    /// <summary>How card data is serialised before binding: camelCase names and enums as their names.</summary>
    public static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<CardLibrary> DefaultLibrary = new(() => new CardLibrary(Path.Combine(AppContext.BaseDirectory, "cards")));

    private readonly ConcurrentDictionary<string, JsonObject> _templates = new(StringComparer.Ordinal);

    public CardLibrary(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The library over <c>cards/</c> beside the running assembly.</summary>
    public static CardLibrary Default => DefaultLibrary.Value;

    public string Folder { get; }

    /// <summary>Names of the templates in the folder (file names without ".json"), sorted.</summary>
    public IReadOnlyList<string> Names() =>
        Directory.Exists(Folder)
            ? [.. Directory.EnumerateFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>A copy of the raw template, for tools and tests; binding never changes the cached one.</summary>
    public JsonObject Template(string name) => (JsonObject)Load(name).DeepClone();

    /// <summary>
    /// Binds template <paramref name="name"/> (the file <c>NAME.json</c>) to <paramref name="data"/>, which is
    /// serialised with <see cref="DataOptions"/> unless it is already a <see cref="JsonNode"/>.
    /// </summary>
    public JsonObject Render(string name, object? data)
    {
        var template = Load(name);
        var dataNode = data as JsonNode ?? (data is null ? null : JsonSerializer.SerializeToNode(data, data.GetType(), DataOptions));
        return CardTemplate.Bind(template, dataNode, name) as JsonObject
            ?? throw new CardTemplateException($"Card template '{name}' did not bind to a single JSON object (check a $data or $when on its root).");
    }

    private JsonObject Load(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Card template name '{name}' must be a plain name such as 'notice'.", nameof(name));
        }

        return _templates.GetOrAdd(name, ReadTemplate);
    }

    private JsonObject ReadTemplate(string name)
    {
        var path = Path.Combine(Folder, name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Card template '{name}.json' was not found in '{Folder}'. Templates live in the repository's cards/ folder and are copied beside the host.",
                path);
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new CardTemplateException($"Card template '{path}' is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new CardTemplateException($"Card template '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }
}
