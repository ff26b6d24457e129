using AttunementBot.Reflection;

namespace AttunementBot.Tests.Reflection;

/// <summary>Whole reflections by typed text alone, as on a channel without cards.</summary>
public class ReflectionFlowTypedTests
{
    private static readonly ReflectionTextData Text = ReflectionTextData.Default;

    [Fact]
    public void ACompleteReflectionByTypedTextEndsWithThePrivateSummary()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        Assert.Equal("presence", d.Step);
        Assert.Equal("Step 1 of 7 · about three minutes", (string)d.Data["progress"]!);

        d.Say("4 3");
        Assert.Equal("pulls", d.Step);
        Assert.Equal("Step 2 of 7", (string)d.Data["progress"]!);
        Assert.Equal("Noted: mostly with them, and somewhat settled.", d.Notice);

        d.Say("protocol, time pressure");
        Assert.Equal("misattunement", d.Step);

        d.Say("Yes");
        Assert.Equal("moment", d.Step);
        Assert.Equal("Step 4 of 7", (string)d.Data["progress"]!);

        d.Say("angry, 3");
        Assert.Equal("moment", d.Step);
        Assert.Contains("the moment in a few words", d.Notice, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("AngryWithMe,FocusedOnMyPresence", d.Value("cues"));

        d.Say("I glanced at the clock while she spoke about her sister");
        Assert.Equal("lens", d.Step);

        d.Say("separation");
        Assert.Equal("repairSoFar", d.Step);
        Assert.Equal("Step 6 of 7", (string)d.Data["progress"]!);

        d.Say("not yet, not yet");
        Assert.Equal("forward", d.Step);
        Assert.Equal("Finish", (string)d.Data["actions"]!["next"]!);

        d.Say("rushed");
        Assert.Equal("forward", d.Step);
        Assert.Contains("intention", d.Notice, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(d.Completed);

        d.Say("Slow down in the first ten minutes");
        Assert.Equal(ReflectionCards.SummaryTemplate, d.Card.Template);
        Assert.Equal("Thursday 27 November 2025", (string)d.Data["date"]!);
        Assert.Equal(
            "You were mostly with your client. You felt somewhat settled. You were pulled away by applying a protocol and time pressure.\n"
            + "You noticed a moment of misattunement. Your client became angry or irritated with you and focused on whether you were really there. "
            + "In your words: \u201cI glanced at the clock while she spoke about her sister\u201d "
            + "Separation distress seemed most alive: your client watched that you were fully there, and felt anger when you seemed not to be.\n"
            + "The repair is still to come. Your client doesn't know yet that they can tell you when you seem not fully there. You felt rushed.",
            d.SummaryText);
        Assert.Equal("Slow down in the first ten minutes", d.Intention);
        Assert.Contains("Noticing a misattunement is part of the work", (string)d.Data["framing"]!, StringComparison.Ordinal);
        Assert.Contains("healing is a series of reattunements", (string)d.Data["framing"]!, StringComparison.Ordinal);

        var completed = Assert.Single(d.Completed);
        Assert.Equal("reflection-1", completed.Id);
        Assert.Equal(4, completed.Answers.Presence);
        Assert.Equal(3, completed.Answers.Settledness);
        Assert.Equal([Pull.ApplyingProtocol, Pull.TimePressure], completed.Answers.Pulls);
        Assert.Equal(MisattunementNoticed.Yes, completed.Answers.Misattunement);
        Assert.Equal([ClientCue.AngryWithMe, ClientCue.FocusedOnMyPresence], completed.Answers.Cues);
        Assert.Equal(AttachmentLens.SeparationDistress, completed.Answers.Lens);
        Assert.Equal(RepairSoFar.NotYet, completed.Answers.Repair);
        Assert.Equal(PermissionGiven.NotYet, completed.Answers.Permission);
        Assert.Equal(Pace.FeltRushed, completed.Answers.Pace);
        Assert.Equal("Slow down in the first ten minutes", completed.Answers.Intention);
        Assert.True(completed.CompletedAt > completed.StartedAt);

        d.Say("repair");
        Assert.Equal(ReflectionCards.RepairTemplate, d.Card.Template);
        var first = d.Data["phrases"]!.AsArray().Select(p => (string)p!["id"]!).ToList();
        Assert.Equal(3, first.Count);
        Assert.All(d.Data["phrases"]!.AsArray(), p => Assert.False(string.IsNullOrWhiteSpace((string)p!["text"]!)));

        d.Say("more");
        Assert.Equal(ReflectionCards.RepairTemplate, d.Card.Template);
        Assert.Equal(Text.RepairCard["moreIntro"], (string)d.Data["intro"]!);
        var second = d.Data["phrases"]!.AsArray().Select(p => (string)p!["id"]!).ToList();
        Assert.Equal(3, second.Count);
        Assert.NotEqual(first, second);

        d.Say("done");
        Assert.Null(d.StoredSession);
        Assert.Equal([Text.Done], d.Texts);
        Assert.Single(d.Completed);
    }

    [Fact]
    public void NumbersAndOneAnswerAtATimeWorkToo()
    {
        var d = new ReflectionDriver();
        d.Say("start");
        d.Say("5");
        Assert.Equal("presence", d.Step);
        Assert.Equal("5", d.Value("presence"));
        Assert.StartsWith("Noted: fully with them.", d.Notice, StringComparison.Ordinal);
        Assert.Contains("settled and safe", d.Notice, StringComparison.Ordinal);
        d.Say("4");
        d.Say("8");
        Assert.Equal("misattunement", d.Step);
        d.Say("no");
        Assert.Equal("lens", d.Step);
        d.Say("1");
        d.Say("4");
        Assert.Equal("repairSoFar", d.Step);
        Assert.Contains("tell you when you seem not fully there", d.Notice, StringComparison.Ordinal);
        d.Say("1");
        d.Say("1");
        d.Say("skip");
        var completed = Assert.Single(d.Completed);
        Assert.Equal([Pull.StayedPresent], completed.Answers.Pulls);
        Assert.Equal(MisattunementNoticed.No, completed.Answers.Misattunement);
        Assert.Equal(AttachmentLens.SafeHaven, completed.Answers.Lens);
        Assert.Equal(RepairSoFar.NoneNeeded, completed.Answers.Repair);
        Assert.Equal(PermissionGiven.Yes, completed.Answers.Permission);
        Assert.Equal(Pace.ClientsPace, completed.Answers.Pace);
        Assert.Null(completed.Answers.Intention);
        Assert.DoesNotContain("In your words", d.SummaryText, StringComparison.Ordinal);
        Assert.Contains("You didn't notice a moment of misattunement.", d.SummaryText, StringComparison.Ordinal);
        Assert.Contains("Nothing pulled you away: you stayed present.", d.SummaryText, StringComparison.Ordinal);
        Assert.Equal(Text.Summary.NoIntention, d.Intention);
    }

    [Fact]
    public void SkippingEverythingStillEndsKindlyWithASummary()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 20 && d.Completed.Count == 0; i++)
        {
            d.Say("skip");
        }

        var completed = Assert.Single(d.Completed);
        Assert.Equal(new ReflectionAnswers(), completed.Answers with { Pulls = null, Cues = null });
        Assert.Equal(Text.Summary.AllSkipped, d.SummaryText);
        Assert.Equal(Text.Summary.NoIntention, d.Intention);
    }

    [Fact]
    public void OtherAsksForAFewWordsAndTheSummaryShowsThem()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("3, 3");
        d.Say("other, stress");
        Assert.Equal("pulls", d.Step);
        Assert.Contains("You chose other", d.Notice, StringComparison.Ordinal);
        d.Say("a phone buzzing in my bag");
        Assert.Equal("misattunement", d.Step);
        d.Say("not sure");
        d.Say("7");
        d.Say("her shoulders dropped");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        Assert.Contains("You were pulled away by your own stress or fatigue and \u201ca phone buzzing in my bag\u201d.", d.SummaryText, StringComparison.Ordinal);
        Assert.Contains("Your client showed this: \u201cher shoulders dropped\u201d.", d.SummaryText, StringComparison.Ordinal);
        Assert.Contains("You weren't sure whether there was a moment of misattunement.", d.SummaryText, StringComparison.Ordinal);
        Assert.DoesNotContain("In your words", d.SummaryText, StringComparison.Ordinal);
        Assert.Equal("a phone buzzing in my bag", d.Completed.Single().Answers.PullOther);
        Assert.Equal("her shoulders dropped", d.Completed.Single().Answers.CueOther);
    }

    [Fact]
    public void BackGoesToThePreviousQuestionWithTheAnswerKept()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("back");
        Assert.Equal("presence", d.Step);
        Assert.Equal(Text.Notices["firstStep"], d.Notice);
        d.Say("4 2");
        d.Say("back");
        Assert.Equal("presence", d.Step);
        Assert.Equal("4", d.Value("presence"));
        Assert.Equal("2", d.Value("settledness"));
        Assert.Contains("settled and safe", d.Notice, StringComparison.Ordinal);
        d.Say("5");
        Assert.Equal("pulls", d.Step);
        d.Say("assessing");
        d.Say("no");
        Assert.Equal("lens", d.Step);
        d.Say("back");
        Assert.Equal("misattunement", d.Step);
        Assert.Equal("No", d.Value("misattunement"));
        d.Say("yes");
        Assert.Equal("moment", d.Step);
        d.Say("back");
        Assert.Equal("misattunement", d.Step);
        d.Say("yes");
        d.Say("quiet");
        d.Say("back");
        Assert.Equal("moment", d.Step);
        Assert.Equal("Withdrew", d.Value("cues"));
        Assert.Equal(4, d.Session!.Presence);
        Assert.Equal(5, d.Session.Settledness);
        Assert.Equal([Pull.Assessing], d.Session.Pulls);
    }

    [Fact]
    public void SkipLeavesTheQuestionUnansweredAndMovesOn()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        Assert.Equal("presence", d.Step);
        Assert.StartsWith(Text.Notices["skipped"], d.Notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Thank you", d.Notice, StringComparison.Ordinal);
        Assert.Contains("settled and safe", d.Notice, StringComparison.Ordinal);
        d.Say("2");
        Assert.Equal("pulls", d.Step);
        Assert.Null(d.Session!.Presence);
        Assert.Equal(2, d.Session.Settledness);
    }

    [Fact]
    public void HelpExplainsTheStepAndShowsItAgain()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 4");
        d.Say("help");
        var help = Assert.Single(d.Texts);
        Assert.Contains(ReflectionStepsData.Default.Steps[1].Help, help, StringComparison.Ordinal);
        Assert.Contains(Text.CommandsHint, help, StringComparison.Ordinal);
        Assert.Equal("pulls", d.Step);
        d.Say("?");
        Assert.Single(d.Texts);
    }

    [Fact]
    public void CancelSetsTheReflectionAsideWithNothingSaved()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 4");
        d.Say("Cancel");
        Assert.Null(d.StoredSession);
        Assert.Equal([Text.Cancelled], d.Texts);
        Assert.Empty(d.Completed);
        d.Say("4");
        Assert.Equal([Text.NoReflection], d.Texts);
    }

    [Fact]
    public void RestartBeginsAFreshReflection()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 4");
        d.Say("protocol");
        d.Say("restart");
        Assert.Equal("presence", d.Step);
        Assert.Equal(Text.Notices["startingFresh"], d.Notice);
        Assert.Equal("", d.Value("presence"));
        Assert.Equal("reflection-2", d.Session!.Id);
        Assert.Null(d.Session.Pulls);
    }

    [Fact]
    public void StartAnotherAfterTheSummaryBeginsANewReflection()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 12 && d.Completed.Count == 0; i++)
        {
            d.Say("skip");
        }

        d.Say("start another");
        Assert.Equal("presence", d.Step);
        Assert.Equal("reflection-2", d.Session!.Id);
        Assert.Single(d.Completed);
    }
}
