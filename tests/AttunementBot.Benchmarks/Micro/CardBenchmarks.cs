using System.Text.Json.Nodes;
using AttunementBot.Cards;
using BenchmarkDotNet.Attributes;

namespace AttunementBot.Benchmarks.Micro;

/// <summary>
/// Binding each card template in cards/ to its sample data (tests/AttunementBot.Tests/Cards/samples/NAME.json),
/// as the bot does for every card it sends: <see cref="CardLibrary.Render"/> with data already as JSON.
/// </summary>
[MemoryDiagnoser]
public class CardBenchmarks
{
    private CardLibrary _library = null!;
    private JsonNode? _data;

    [ParamsSource(nameof(Templates))]
    public string Template { get; set; } = string.Empty;

    public static string SamplesFolder => Path.Combine(RunOptions.RepoRoot, "tests", "AttunementBot.Tests", "Cards", "samples");

    public static string CardsFolder => Path.Combine(AppContext.BaseDirectory, "cards");

    /// <summary>Every template with a sample of the same name.</summary>
    public static IEnumerable<string> Templates() =>
        new CardLibrary(CardsFolder).Names().Where(name => File.Exists(Path.Combine(SamplesFolder, name + ".json")));

    [GlobalSetup]
    public void Setup()
    {
        _library = new CardLibrary(CardsFolder);
        _data = JsonNode.Parse(File.ReadAllText(Path.Combine(SamplesFolder, Template + ".json")));
        _library.Render(Template, _data); // Loads and caches the template; binding must not change the data.
    }

    [Benchmark]
    public JsonObject Bind() => _library.Render(Template, _data);
}
