using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Repair;

namespace AttunementBot.Tests.Reflection;

/// <summary>
/// The sample data the card tests bind the reflection templates with (tests/AttunementBot.Tests/Cards/samples) is
/// produced here by the flow itself, so the samples can't drift from what the flow sends:
/// a missing or changed one fails until regenerated with UPDATE_CARD_SAMPLES=1.
/// </summary>
public class ReflectionCardSamplesTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Dictionary<string, JsonObject> Samples()
    {
        var samples = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var d = new ReflectionDriver();
        d.Say("reflect");
        samples["reflection-step"] = d.Data;
        samples["reflection-recap"] = LeftBehind(d, "4 3");
        d.Say("4 3");
        d.Say("protocol, other");
        d.Say("a knot in my stomach before the session");
        d.Say("back");
        d.Say("back");
        samples["reflection-step.4"] = d.Data;
        d.Press("next", ("pulls", "ApplyingProtocol,Other"), ("pullOther", "a knot in my stomach before the session"));
        d.Say("yes");
        d.Say("angry, whether I was really there");
        d.Say(string.Concat(Enumerable.Repeat("When she said I wasn't listening, I explained instead of pausing. ", 9)));
        samples["reflection-step.2"] = d.Data;
        d.Say("When she said I wasn't listening, I explained instead of pausing.");
        samples["reflection-step.5"] = d.Data;
        d.Say("separation distress");
        d.Say("3, 2");
        d.Say("rushed");
        samples["reflection-step.3"] = d.Data;
        d.Say("Say I'm sorry first, then slow down");
        samples["reflection-summary"] = d.Data;
        samples["reflection-summary.3"] = LeftBehind(d, "done");
        d.Say("repair");
        samples["reflection-repair.2"] = LeftBehind(d, "done");

        var skipped = new ReflectionDriver();
        skipped.Say("reflect");
        skipped.Say("2 2");
        skipped.Now += TimeSpan.FromHours(3);
        skipped.Say("hello");
        samples["reflection-resume"] = skipped.Data;
        skipped.Say("continue");
        for (var i = 0; i < 12 && skipped.Completed.Count == 0; i++)
        {
            skipped.Press("skip");
        }

        samples["reflection-summary.2"] = skipped.Data;

        // A reflection after one that noticed a moment not yet repaired and set an intention opens by following it up.
        var followUp = new ReflectionDriver { Last = d.Completed[^1] };
        followUp.Say("reflect");
        samples["reflection-step.6"] = followUp.Data;

        RepairPhrase[] phrases =
        [
            new("sample-apology", "apology", "I'm sorry I wasn't fully with you when you spoke about your sister. I'd like to hear it again, if you're willing.", "Saying \"I'm sorry\" is a powerful ingredient for healing."),
            new("sample-permission", "permission", "If you ever feel I'm not really here with you, please tell me. I want to know.", "We give the client permission up front to let us know when they feel we are not available."),
            new("sample-checkin", "check-in", "Before we begin, how was last time for you?", "Healing is a series of reattunements."),
        ];
        samples["reflection-repair"] = d.Flow.Cards.Repair(phrases, 0).Data;
        return samples;
    }

    /// <summary>What the last card becomes when the clinician answers <paramref name="typed"/> (the driver's state is left as it was).</summary>
    private static JsonObject LeftBehind(ReflectionDriver d, string typed) =>
        d.Flow.Handle(d.Session, new UserInput(typed, null), ClinicianContext.At(d.Now)).Recap!.Data;

    [Fact]
    public void CardSamplesMatchWhatTheFlowSends() => MatchSamples(Samples());

    /// <summary>Each sample equals the file of that name in Cards/samples (written instead with UPDATE_CARD_SAMPLES=1).</summary>
    internal static void MatchSamples(Dictionary<string, JsonObject> samples)
    {
        var folder = Path.Combine(RepoRoot(), "tests", "AttunementBot.Tests", "Cards", "samples");
        Directory.CreateDirectory(folder);
        var update = Environment.GetEnvironmentVariable("UPDATE_CARD_SAMPLES") == "1";
        var stale = new List<string>();
        foreach (var (name, data) in samples)
        {
            var path = Path.Combine(folder, name + ".json");
            if (update)
            {
                File.WriteAllText(path, data.ToJsonString(Indented) + "\n");
                continue;
            }

            if (!File.Exists(path))
            {
                stale.Add($"{name} (missing)");
                continue;
            }

            if (!JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(path)), data))
            {
                stale.Add(name);
            }
        }

        Assert.True(stale.Count == 0, $"Card samples differ from what the flow sends: {string.Join(", ", stale)}. Regenerate with UPDATE_CARD_SAMPLES=1 dotnet test.");
    }

    [Fact]
    public void EveryReflectionTemplateHasASample()
    {
        var cards = Path.Combine(RepoRoot(), "cards");
        var templates = Directory.GetFiles(cards, "reflection-*.json").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(
            [ReflectionCards.RecapTemplate, ReflectionCards.RepairTemplate, ReflectionCards.ResumeTemplate, ReflectionCards.StepTemplate, ReflectionCards.SummaryTemplate],
            templates.Order(StringComparer.Ordinal));
        var samples = Samples().Keys.Select(k => k.Split('.')[0]).ToHashSet();
        Assert.All(templates, t => Assert.Contains(t!, samples));
    }

    internal static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
