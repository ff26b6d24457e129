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
        Assert.Equal("In and out", d.Fact("Presence with your client"));
        Assert.Equal("Mostly settled", d.Fact("Settled and safe in yourself"));
        Assert.Equal("Assessing; Something the client said touched something in me", d.Fact("What pulled you away"));
        Assert.Equal("Not sure", d.Fact("A moment of misattunement"));
        Assert.Equal("When he asked for more sessions", d.Fact("The moment"));
        Assert.Equal("Wanted more, faster, bigger", d.Fact("What your client showed"));
        Assert.StartsWith("Proximity maintenance: ", d.Fact("Attachment lens"), StringComparison.Ordinal);
        Assert.Equal("Partly", d.Fact("Repair so far"));
        Assert.Equal("Yes, they know", d.Fact("Permission to say \"you weren't with me\""));
        Assert.Equal("At the client's pace", d.Fact("Pace"));
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
        Assert.False(string.IsNullOrEmpty(d.Notice));
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
    public void AnOldCardIsMetWithWhereWeAreNow()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("next", ("presence", "4"), ("settledness", "4"));
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "presence", ["action"] = "next", ["presence"] = "1", ["settledness"] = "1" });
        Assert.Equal("pulls", d.Step);
        Assert.Equal(Text.Notices["oldCard"], d.Notice);
        Assert.Equal(4, d.Session!.Presence);
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
