using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Tests.Cards;

/// <summary>
/// The summary as Web Chat shows it in a 400 px window (about 330 px of card): sentences that wrap between words,
/// no FactSet whose labels wrap mid-word, and buttons few and short enough not to be cut off.
/// </summary>
public sealed class SummaryAtNarrowWidthTests(CardTemplatesFixture fixture) : IClassFixture<CardTemplatesFixture>
{
    // At Web Chat's 14 px font a line of the card holds about 40 characters; two buttons side by side about 18 each.
    private const int LongestWord = 24;
    private const int LongestSideBySideTitle = 19;

    [Fact]
    public void The_summary_reads_as_sentences_that_wrap_at_400_px()
    {
        var samples = fixture.SamplesOf("reflection-summary").ToList();
        Assert.NotEmpty(samples);
        foreach (var sample in samples)
        {
            var card = sample.Bound;
            var elements = card.DescendantsAndSelf().ToList();
            Assert.DoesNotContain(elements, e => Type(e) is "FactSet" or "ColumnSet" or "Table");
            foreach (var block in elements.Where(e => Type(e) == "TextBlock"))
            {
                Assert.True(block["wrap"]?.GetValueKind() == JsonValueKind.True, $"{sample.Sample}: a TextBlock that does not wrap: {block.ToJsonString()}");
                var words = ((string)block["text"]!).Split(' ', '\n');
                Assert.All(words, w => Assert.True(w.Length <= LongestWord, $"{sample.Sample}: \"{w}\" cannot wrap at 400 px"));
            }

            // The intention comes first after the title, in a block of its own.
            var texts = elements.Where(e => Type(e) == "TextBlock").Select(e => (string)e["text"]!).ToList();
            Assert.True(texts.IndexOf((string)sample.Data!["intention"]!) is > 0 and <= 3, $"{sample.Sample}: the intention is not near the top");

            // Side by side: at most two buttons that are not tucked away (mode: secondary), with short titles.
            var shown = (card["actions"]?.AsArray() ?? []).OfType<JsonObject>().Where(a => (string?)a["mode"] != "secondary").ToList();
            Assert.True(shown.Count <= 2, $"{sample.Sample}: {shown.Count} buttons side by side");
            Assert.All(shown, a => Assert.True(((string)a["title"]!).Length <= LongestSideBySideTitle, $"{sample.Sample}: \"{a["title"]}\" is cut off at 400 px"));

            // Repair language is one press away, on the card itself.
            var firstPhrase = (string)sample.Data!["repair"]!["phrases"]![0]!["text"]!;
            Assert.Contains(elements, e => Type(e) == "Action.ShowCard" && e["card"]!.DescendantsAndSelf().Any(t => Type(t) == "TextBlock" && (string?)t["text"] == firstPhrase));
        }
    }

    private static string? Type(JsonNode node) => node is JsonObject o && o["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

internal static class JsonNodeWalk
{
    public static IEnumerable<JsonNode> DescendantsAndSelf(this JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in child.DescendantsAndSelf())
            {
                yield return d;
            }
        }
    }
}
