using System.Text.Json.Nodes;
using AttunementBot.Reflection;

namespace AttunementBot.Tests.Reflection;

/// <summary>Whole reflections by card submits, and submits that don't fit.</summary>
public class ReflectionFlowCardTests
{
    private static readonly ReflectionTextData Text = ReflectionTextData.Default;

    private static JsonObject StartButton() => new() { ["flow"] = "reflection", ["action"] = "start" };

    [Fact]
    public void ACompleteReflectionByCardSubmits()
    {
        var d = new ReflectionDriver();
        Assert.True(d.Flow.IsStartCommand(new UserInput(null, StartButton())));
        d.Submit(StartButton());
        Assert.Equal(ReflectionCards.StepTemplate, d.Card.Template);
        Assert.Equal("presence", d.Step);
        Assert.False((bool)d.Data["canGoBack"]!);

        d.Press("next", ("presence", "2"), ("settledness", "4"));
        Assert.Equal("pulls", d.Step);
        Assert.True((bool)d.Data["canGoBack"]!);
        d.Press("next", ("pulls", "Assessing,ClientTouchedMe"), ("pullOther", ""));
        d.Press("next", ("misattunement", "NotSure"));
        Assert.Equal("moment", d.Step);
        d.Press("next", ("cues", "WantedMoreFaster"), ("cueOther", ""), ("moment", "When he asked for more sessions"));
        Assert.Equal("lens", d.Step);
        d.Press("next", ("lens", "ProximityMaintenance"));
        d.Press("next", ("repair", "Partly"), ("permission", "Yes"));
        Assert.Equal("forward", d.Step);
        d.Press("next", ("pace", "ClientsPace"), ("intention", "Name the moment and say I'm sorry"));

        Assert.Equal(ReflectionCards.SummaryTemplate, d.Card.Template);
        Assert.Equal(
            "You were in and out with your client. You felt mostly settled. You were pulled away by assessing and something your client said that touched something in you.\n"
            + "You weren't sure whether there was a moment of misattunement. Your client wanted more, faster, bigger. In your words: \u201cWhen he asked for more sessions\u201d "
            + "Proximity maintenance seemed most alive: your client explored, yet stayed close and wanted to tell you what they found.\n"
            + "The repair has partly begun. Your client knows they can tell you when you seem not fully there. The session moved at your client's pace.",
            d.SummaryText);
        Assert.Equal("Name the moment and say I'm sorry", d.Intention);
        Assert.Single(d.Completed);

        d.Press("repair");
        Assert.Equal(ReflectionCards.RepairTemplate, d.Card.Template);
        Assert.Equal(3, d.Data["phrases"]!.AsArray().Count);
        d.Press("more");
        Assert.Equal(3, d.Data["phrases"]!.AsArray().Count);
        d.Press("another");
        Assert.Equal("presence", d.Step);
        Assert.Single(d.Completed);
        d.Press("cancel");
        Assert.Null(d.StoredSession);
    }

    [Fact]
    public void DoneOnTheSummaryClearsTheSession()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 6; i++)
        {
            d.Press("skip");
        }

        Assert.Equal(ReflectionCards.SummaryTemplate, d.Card.Template);
        d.Press("done");
        Assert.Null(d.StoredSession);
        Assert.Equal([Text.Done], d.Texts);
    }

    [Fact]
    public void CardBackSkipHelpAndCancelWork()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("back");
        Assert.Equal(Text.Notices["firstStep"], d.Notice);
        d.Press("next", ("presence", "5"), ("settledness", "5"));
        d.Press("skip");
        Assert.Equal("misattunement", d.Step);
        d.Press("back");
        Assert.Equal("pulls", d.Step);
        d.Press("back");
        Assert.Equal("presence", d.Step);
        Assert.Equal("5", d.Value("presence"));
        d.Press("help");
        Assert.Single(d.Texts);
        Assert.Equal("presence", d.Step);
        d.Press("cancel");
        Assert.Null(d.StoredSession);
        Assert.Equal([Text.Cancelled], d.Texts);
    }

    [Fact]
    public void WritingInTheOtherBoxChoosesOther()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("skip");
        d.Press("next", ("pulls", ""), ("pullOther", "supervision notes on my mind"));
        Assert.Equal("misattunement", d.Step);
        Assert.Equal([Pull.Other], d.Session!.Pulls);
        Assert.Equal("supervision notes on my mind", d.Session.PullOther);
    }

    [Fact]
    public void AnEmptyNextIsAskedAgainKindly()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("next", ("presence", ""), ("settledness", ""));
        Assert.Equal("presence", d.Step);
        Assert.Equal(Text.Notices["nothingChosen"], d.Notice);
        d.Press("next");
        Assert.Equal(Text.Notices["nothingChosen"], d.Notice);
    }

    public static TheoryData<string> ForgedSubmits() => new()
    {
        """{"flow":"reflection","step":"presence","action":"next","presence":"9"}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":"0"}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":"4,5"}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":true}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":{"value":"4"}}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":["4"]}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":4.5}""",
        """{"flow":"reflection","step":"presence","action":"next","presence":"4","admin":"yes"}""",
        """{"flow":"reflection","step":"presence","action":"next","lens":"SafeHaven"}""",
        """{"flow":"reflection","step":"presence","action":"launch","presence":"4"}""",
        """{"flow":"reflection","step":"presence","presence":"4"}""",
        """{"flow":"reflection","step":"presence","action":7}""",
        """{"flow":"reflection","step":"lens","action":"next","lens":"SafeHaven"}""",
        """{"flow":"reflection","step":"resume","action":"continue"}""",
        """{"flow":"reflection","step":"summary","action":"done"}""",
        """{"flow":"reflection","action":"next","presence":"4"}""",
        """{"flow":"other","step":"presence","action":"next","presence":"4"}""",
        """{"step":"presence","action":"next","presence":"4"}""",
        """{}""",
    };

    [Theory]
    [MemberData(nameof(ForgedSubmits))]
    public void ASubmitThatDoesNotFitIsAskedAgainWithNothingChanged(string submit)
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        d.Say("3");
        d.Press("back");
        var before = d.Session!;
        d.Submit(JsonNode.Parse(submit)!.AsObject());
        Assert.Equal("presence", d.Step);

        // Asked again with a notice; or, when the submit names another card, that card is put away quietly.
        Assert.True(!string.IsNullOrEmpty(d.Notice) || d.Outcome!.Stale, $"No notice for {submit}");
        Assert.Empty(d.Texts);
        var after = d.Session!;
        Assert.Equal(before.Step, after.Step);
        Assert.Equal(before.Field, after.Field);
        Assert.Null(after.Presence);
        Assert.Equal(3, after.Settledness);
        Assert.Null(after.Lens);
        Assert.Equal(before.State, after.State);
    }

    [Fact]
    public void AChoiceThatCannotGoWithOthersIsAskedAgain()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("skip");
        d.Press("next", ("pulls", "StayedPresent,Assessing"));
        Assert.Equal("pulls", d.Step);
        Assert.Contains("Nothing, I stayed present", d.Notice, StringComparison.Ordinal);
        Assert.Null(d.Session!.Pulls);
    }

    [Fact]
    public void AnOldCardIsQuietlyPutAwayAndTakesNoAnswer()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("next", ("presence", "4"), ("settledness", "4"));
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "presence", ["action"] = "next", ["presence"] = "1", ["settledness"] = "1" });

        // No "that card belongs to another step": the old card becomes a quiet line, and where we are is at hand.
        Assert.True(d.Outcome!.Stale);
        Assert.Equal(Text.Recaps["stale"], (string)d.Outcome.Recap!.Data["text"]!);
        Assert.Equal("pulls", d.Step);
        Assert.Equal("", d.Notice);
        Assert.Empty(d.Texts);
        Assert.Equal(4, d.Session!.Presence);
    }

    [Fact]
    public void AfterDoneOldButtonsSayNothing()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 12 && d.Completed.Count == 0; i++)
        {
            d.Press("skip");
        }

        d.Press("done");
        Assert.Null(d.Session);
        foreach (var step in new[] { "summary", "presence", "forward" })
        {
            d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = step, ["action"] = "next" });
            Assert.True(d.Outcome!.Stale);
            Assert.Empty(d.Replies);
        }
    }

    [Fact]
    public void EachCardLeftBehindBecomesALineThatSaysWhatWasNoted()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("next", ("presence", "2"), ("settledness", "2"));
        Assert.Equal("Step 1 of 7 · Presence: in and out, and uneasy", (string)d.Outcome!.Recap!.Data["text"]!);
        d.Press("skip");
        Assert.Equal("Step 2 of 7 · What pulled you away", (string)d.Outcome!.Recap!.Data["text"]!);
        d.Press("help");
        Assert.True(d.Outcome!.SameCard);
        d.Press("cancel");
        Assert.Equal(Text.Recaps["cancelled"], (string)d.Outcome!.Recap!.Data["text"]!);
    }

    [Fact]
    public void TheSummaryIsKeptWithoutButtonsWhenTheReflectionMovesOn()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 12 && d.Completed.Count == 0; i++)
        {
            d.Press("skip");
        }

        Assert.False((bool)d.Data["kept"]!);
        d.Press("done");
        Assert.Equal(ReflectionCards.SummaryTemplate, d.Outcome!.Recap!.Template);
        Assert.True((bool)d.Outcome.Recap.Data["kept"]!);
        Assert.Equal([Text.Done], d.Texts);
    }

    [Fact]
    public void ANumberFromAClientThatSendsNumbersIsAccepted()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "presence", ["action"] = "next", ["presence"] = 4, ["settledness"] = 2 });
        Assert.Equal("pulls", d.Step);
        Assert.Equal(4, d.Session!.Presence);
    }

    [Fact]
    public void TeamsExtrasAreIgnored()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "presence", ["action"] = "next", ["presence"] = "4", ["msteams"] = new JsonObject() });
        Assert.Equal("pulls", d.Step);
    }
}
