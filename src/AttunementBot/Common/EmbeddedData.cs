using System.Reflection;
using System.Text.Json;

namespace AttunementBot.Common;

/// <summary>
/// Reads the JSON data files that live beside the code in feature folders (phrase libraries, step
/// definitions). They are embedded in the assembly so the bot finds them however it is started.
/// </summary>
public static class EmbeddedData
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <param name="path">Path relative to the project folder, for example "Repair/repair-phrases.json".</param>
    public static T Load<T>(string path)
    {
        var name = path.Replace('\\', '/');
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded data file '{name}' is missing. Is it under src/AttunementBot and named *.json?");
        return JsonSerializer.Deserialize<T>(stream, Options)
            ?? throw new InvalidOperationException($"Embedded data file '{name}' is empty.");
    }

    public static IEnumerable<string> Names() =>
        typeof(EmbeddedData).Assembly.GetManifestResourceNames();

    internal static Assembly Assembly => typeof(EmbeddedData).Assembly;
}
