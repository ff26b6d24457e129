using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Cards;

namespace AttunementBot.Tests.Cards;

/// <summary>
/// Binds every sample of every template once, in C# and with the official packages (one Node run for
/// the whole test run), so each test only reads the results.
/// </summary>
public sealed class CardTemplatesFixture
{
    public CardTemplatesFixture()
    {
        Library = new CardLibrary(CardTestPaths.CardsFolder);
        var samples = Directory.Exists(CardTestPaths.SamplesFolder)
            ? Directory.GetFiles(CardTestPaths.SamplesFolder, "*.json")
            : [];
        foreach (var name in Library.Names())
        {
            // NAME.json, NAME.2.json, NAME.3.json ... are samples of template NAME.
            var own = samples.Select(Path.GetFileNameWithoutExtension)
                .Where(s => s == name || (s!.StartsWith(name + ".", StringComparison.Ordinal) && int.TryParse(s[(name.Length + 1)..], out _)))
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var sample in own)
            {
                var data = JsonNode.Parse(File.ReadAllText(Path.Combine(CardTestPaths.SamplesFolder, sample + ".json")));
                try
                {
                    Cards.Add(new SampleCard(name, sample!, Library.Template(name), data, Library.Render(name, data), null));
                }
                catch (CardTemplateException ex)
                {
                    // Reported by the tests of this template, so the other templates are still checked.
                    Cards.Add(new SampleCard(name, sample!, Library.Template(name), data, [], ex.Message));
                }
            }
        }

        var results = Cards.Count == 0
            ? []
            : OfficialCardValidator.Run([.. Cards.Select(c => new ValidationRequest(c.Sample, c.Template, c.Data, c.Bound))]);
        Official = results.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public CardLibrary Library { get; }

    public List<SampleCard> Cards { get; } = [];

    public IReadOnlyDictionary<string, ValidationResult> Official { get; }

    public IEnumerable<SampleCard> SamplesOf(string template) => Cards.Where(c => c.TemplateName == template);
}

public sealed record SampleCard(string TemplateName, string Sample, JsonObject Template, JsonNode? Data, JsonObject Bound, string? BindError);

public sealed class CardTemplatesTests(CardTemplatesFixture fixture) : IClassFixture<CardTemplatesFixture>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> TemplateNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in new CardLibrary(CardTestPaths.CardsFolder).Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void TheCardsFolderIsCopiedBesideTheAssembly()
    {
        Assert.Contains("notice", new CardLibrary(CardTestPaths.CardsFolder).Names());
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void EveryTemplateHasASample(string template)
    {
        Assert.True(
            fixture.SamplesOf(template).Any(),
            $"Card template cards/{template}.json has no sample data. Add tests/AttunementBot.Tests/Cards/samples/{template}.json (and {template}.2.json ... for more cases).");
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void CSharpBindingEqualsTheOfficialTemplatingEngine(string template)
    {
        foreach (var card in fixture.SamplesOf(template))
        {
            Assert.True(card.BindError is null, $"{card.Sample}: C# binding failed: {card.BindError}");
            var official = fixture.Official[card.Sample];
            Assert.True(official.ExpandError is null, $"{card.Sample}: the official templating engine failed: {official.ExpandError}");
            Assert.True(
                JsonNode.DeepEquals(official.Expanded, card.Bound),
                $"{card.Sample}: C# binding differs from adaptivecards-templating.\nC#:\n{card.Bound.ToJsonString(Indented)}\nofficial:\n{official.Expanded?.ToJsonString(Indented)}");
        }
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void BoundCardIsAValidAdaptiveCard15(string template)
    {
        foreach (var card in fixture.SamplesOf(template))
        {
            Assert.Equal("AdaptiveCard", card.Bound["type"]?.GetValue<string>());
            Assert.Equal("1.5", card.Bound["version"]?.GetValue<string>());
            var fallback = card.Bound["fallbackText"];
            Assert.True(
                fallback is JsonValue v && v.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetValue<string>()) && !v.GetValue<string>().Contains("${", StringComparison.Ordinal),
                $"{card.Sample}: fallbackText must be non-empty text, got {fallback?.ToJsonString() ?? "nothing"}");
            var issues = fixture.Official[card.Sample].Issues;
            Assert.True(
                issues.Count == 0,
                $"{card.Sample}: the official Adaptive Cards parser reports:\n" + string.Join("\n", issues.Select(i => $"  {i.Severity} {i.Event}: {i.Message}")));
        }
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void PlainTextShowsTheCard(string template)
    {
        foreach (var card in fixture.SamplesOf(template))
        {
            var text = PlainTextCard.Render(card.Bound);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{card.Sample}: plain text is empty");
            var first = FirstTextBlock(card.Bound["body"]);
            Assert.True(first is not null, $"{card.Sample}: the card has no TextBlock");
            Assert.Contains(first, text, StringComparison.Ordinal);
        }
    }

    private static string? FirstTextBlock(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "TextBlock" && o["isVisible"]?.GetValueKind() != JsonValueKind.False
            => o["text"]?.GetValue<string>().Trim(),
        JsonObject o when o["isVisible"]?.GetValueKind() != JsonValueKind.False
            => FirstTextBlock(o["items"]) ?? FirstTextBlock(o["columns"]),
        JsonArray a => a.Select(FirstTextBlock).FirstOrDefault(t => t is not null),
        _ => null,
    };
}
