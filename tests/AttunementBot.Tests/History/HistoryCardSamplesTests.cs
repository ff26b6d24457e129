using System.Text.Json.Nodes;
using AttunementBot.History;
using AttunementBot.Reflection;
using AttunementBot.Repair;
using AttunementBot.Tests.Reflection;

namespace AttunementBot.Tests.History;

/// <summary>The history cards' samples (Cards/samples) come from the code that builds them, so they can't drift.</summary>
public class HistoryCardSamplesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static Dictionary<string, JsonObject> Samples()
    {
        var cards = new HistoryCards(new HistoryText(), new ReflectionFlow(new RepairSuggester()));
        var at = new DateTimeOffset(2026, 11, 24, 17, 40, 0, TimeSpan.Zero);
        var open = new CompletedReflection("r2", at.AddMinutes(-4), at, new ReflectionAnswers
        {
            Presence = 3,
            Settledness = 2,
            Misattunement = MisattunementNoticed.Yes,
            Cues = [ClientCue.FocusedOnMyPresence],
            Moment = "She asked if I was listening",
            Repair = RepairSoFar.NotYet,
            Intention = "Begin with \"I'm sorry\"",
        });
        var repaired = new FollowUp("r2", RepairWasOpen: true, HadIntention: true) { Repair = RepairSince.Repaired, ClientMet = ClientMet.CameCloser, Intention = IntentionCame.Yes };
        var later = new CompletedReflection("r3", at.AddDays(2).AddMinutes(-3), at.AddDays(2), new ReflectionAnswers { Presence = 4, Misattunement = MisattunementNoticed.No, FollowUp = repaired });
        var calm = new CompletedReflection("r1", at.AddDays(-3).AddMinutes(-3), at.AddDays(-3), new ReflectionAnswers { Misattunement = MisattunementNoticed.NotSure, Repair = RepairSoFar.ApologisedInSession });
        HistoryEntry[] page = [new(later, null, null), new(open, repaired, later.CompletedAt), new(calm, null, null)];
        return new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["history-list"] = cards.List(page, new HistoryCursor(calm.CompletedAt, calm.Id), new HistoryCursor(later.CompletedAt, later.Id), London).Data,
            ["history-list.2"] = cards.List([new(calm, null, null)], null, null, London).Data,
            ["history-entry"] = cards.Entry(page[1], London).Data,
            ["history-entry.2"] = cards.Entry(page[0], London).Data,
        };
    }

    [Fact]
    public void CardSamplesMatchWhatTheHistorySends() => ReflectionCardSamplesTests.MatchSamples(Samples());
}
