using System.Text.Json.Nodes;
using AttunementBot.Reflection;

namespace AttunementBot.Tests.Reflection;

/// <summary>Resuming, the care notes, and answers that don't fit.</summary>
public class ReflectionFlowCareTests
{
    private static readonly ReflectionTextData Text = ReflectionTextData.Default;

    [Fact]
    public void AReflectionLeftHalfWayResumesAfterARestartOfTheBot()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 3");
        d.Say("protocol");
        var stored = d.StoredSession;

        // A new flow instance (the bot restarted), the session read back from storage.
        var after = new ReflectionDriver();
        Assert.NotNull(stored);
        after.Now = d.Now + TimeSpan.FromHours(2);
        after.StoredSession = stored;

        after.Say("hello again");
        Assert.Equal(ReflectionCards.ResumeTemplate, after.Card.Template);
        Assert.Contains("step 3 of 7", (string)after.Data["text"]!, StringComparison.Ordinal);
        Assert.Contains("Thursday 27 November 2025", (string)after.Data["text"]!, StringComparison.Ordinal);
        after.Say("maybe");
        Assert.Equal(ReflectionCards.ResumeTemplate, after.Card.Template);
        Assert.Equal(Text.Resume["reask"], (string)after.Data["notice"]!);
        after.Say("continue");
        Assert.Equal("misattunement", after.Step);
        Assert.Equal(Text.Notices["welcomeBack"], after.Notice);
        after.Say("back");
        Assert.Equal("ApplyingProtocol", after.Value("pulls"));
        after.Press("next", ("pulls", "ApplyingProtocol"), ("pullOther", ""));
        after.Say("no");
        after.Say("skip");
        after.Say("skip");
        after.Say("skip");
        after.Say("skip");
        after.Say("skip");
        var completed = Assert.Single(after.Completed);
        Assert.Equal("reflection-1", completed.Id);
        Assert.Equal(4, completed.Answers.Presence);
        Assert.Equal(MisattunementNoticed.No, completed.Answers.Misattunement);
    }

    [Fact]
    public void SayingReflectMidWayOffersContinueOrStartOver()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("2 2");
        d.Say("reflect");
        Assert.Equal(ReflectionCards.ResumeTemplate, d.Card.Template);
        d.Press("startOver");
        Assert.Equal("presence", d.Step);
        Assert.Equal("", d.Value("presence"));
        Assert.Equal("reflection-2", d.Session!.Id);

        d.Say("3 3");
        d.Say("start");
        d.Say("help");
        Assert.Single(d.Texts);
        Assert.Equal(ReflectionCards.ResumeTemplate, d.Card.Template);
        d.Press("continue");
        Assert.Equal("pulls", d.Step);

        d.Say("reflect");
        d.Say("start over");
        Assert.Equal("presence", d.Step);
        d.Say("reflect");
        d.Press("cancel");
        Assert.Null(d.StoredSession);
    }

    [Fact]
    public void WithinHalfAnHourTheReflectionJustGoesOn()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Now += TimeSpan.FromMinutes(29);
        d.Say("4 4");
        Assert.Equal("pulls", d.Step);
        d.Now += TimeSpan.FromMinutes(31);
        d.Say("protocol");
        Assert.Equal(ReflectionCards.ResumeTemplate, d.Card.Template);
        d.Say("continue");
        Assert.Equal("pulls", d.Step);
    }

    [Theory]
    [InlineData(2, "4 1", true)]
    [InlineData(1, "4 2", true)]
    [InlineData(3, "4 1", false)]
    [InlineData(2, "4 3", false)]
    [InlineData(null, "4 1", false)]
    public void TwoUnsettledReflectionsInARowBringOneGentleNote(int? previous, string answer, bool expected)
    {
        var d = new ReflectionDriver(previous);
        d.Say("reflect");
        d.Say(answer);
        Assert.Equal(expected, d.Texts.Contains(Text.CareNote));
        Assert.Equal("pulls", d.Step);
        if (expected)
        {
            // Once per reflection: answering again does not repeat it.
            d.Say("back");
            d.Say("1");
            Assert.DoesNotContain(Text.CareNote, d.Texts);
            Assert.Equal("pulls", d.Step);
        }
    }

    [Fact]
    public void NoCareNoteWithoutHistory()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("next", ("presence", "1"), ("settledness", "1"));
        Assert.Empty(d.Texts);
    }

    [Fact]
    public void TheCareNoteSpeaksOfPaceAndInnerPeaceNotTheClient()
    {
        Assert.Contains("slow the pace", Text.CareNote, StringComparison.Ordinal);
        Assert.Contains("inner peace", Text.CareNote, StringComparison.Ordinal);
        Assert.DoesNotContain("client", Text.CareNote, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("she spoke about suicide")]
    [InlineData("mentioned self-harm last week")]
    [InlineData("Selfharm came up")]
    [InlineData("ABUSE at home, still going on")]
    [InlineData("si w/ plan, sees her again thurs")]
    [InlineData("denies SI/HI")]
    [InlineData("no plan no intent but the thoughts are louder")]
    [InlineData("took a bunch of her mom's pills sat night")]
    [InlineData("SI")]
    [InlineData("he described violence")]
    [InlineData("talked about wanting to kill himself")]
    [InlineData("said she wants to die")]
    public void RiskInFreeTextBringsOneShortNoteAndTheReflectionContinues(string moment)
    {
        var d = AtTheMoment();
        d.Say(moment);
        Assert.Equal([Text.RiskNote], d.Texts);
        Assert.Equal("lens", d.Step);
        Assert.Contains("protocol", Text.RiskNote, StringComparison.Ordinal);
        Assert.Contains("supervisor", Text.RiskNote, StringComparison.Ordinal);

        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("the abuse again");
        Assert.Empty(d.Texts);
        Assert.Single(d.Completed);
    }

    [Theory]
    [InlineData("her trauma narrative reached the early years, we went slowly")]
    [InlineData("we talked about being removed from her birth mom at three, lots of grief")]
    [InlineData("i said hi and she hid behind her dad, then warmed up")]
    [InlineData("the sandtray soldiers all killed each other and then we buried them")]
    public void HistoryPlayAndGreetingsStayQuiet(string moment)
    {
        var d = AtTheMoment();
        d.Say(moment);
        Assert.Empty(d.Texts);
        Assert.Equal("lens", d.Step);
    }

    [Fact]
    public void EveryFreeTextFieldIsHeardAndTheNoteComesOncePerReflection()
    {
        // The "other" box of the client's cues, in a card.
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("skip");
        d.Press("skip");
        d.Press("next", ("misattunement", "Yes"));
        d.Press("next", ("cues", "Other"), ("cueOther", "said she wants to go to sleep and not wake up"), ("moment", ""));
        Assert.Equal([Text.RiskNote], d.Texts);
        Assert.Equal("lens", d.Step);

        // Risk in a later field of the same reflection: no second note.
        d.Press("skip");
        d.Press("skip");
        d.Press("next", ("pace", "FeltRushed"), ("intention", "check the safety plan with her first"));
        Assert.Empty(d.Texts);
        Assert.Single(d.Completed);

        // The intention, typed, in a new reflection: the note comes again, once.
        d.Say("another");
        for (var i = 0; i < 8 && d.Step != "forward"; i++)
        {
            d.Say("skip");
        }

        d.Say("skip");
        d.Say("ask about the gun in the nightstand");
        Assert.Equal([Text.RiskNote], d.Texts);
        Assert.Equal(2, d.Completed.Count);
    }

    /// <summary>A reflection typed as far as "the moment" (a misattunement noticed, cues skipped).</summary>
    private static ReflectionDriver AtTheMoment()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("yes");
        d.Say("skip");
        return d;
    }

    [Fact]
    public void RiskInACardSubmitBringsTheNoteToo()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("skip");
        d.Press("next", ("pulls", "Other"), ("pullOther", "worry about her safety, possible abuse"));
        Assert.Equal([Text.RiskNote], d.Texts);
        Assert.Equal("misattunement", d.Step);
    }

    [Fact]
    public void WordsThatOnlyLookCloseDoNotBringTheRiskNote()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Press("skip");
        d.Press("next", ("pulls", "Other"), ("pullOther", "the harmonica outside; a violin lesson next door"));
        Assert.Empty(d.Texts);
    }

    [Fact]
    public void TextLongerThanTheLimitIsKeptAndShownBackToShorten()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("yes");
        d.Say("skip");
        var longText = string.Concat(Enumerable.Repeat("she looked away and I kept talking. ", 20000 / 36 + 1))[..20000].Trim();
        d.Say(longText);
        Assert.Equal("moment", d.Step);
        Assert.Contains("500 characters", d.Notice, StringComparison.Ordinal);
        Assert.Contains("19999", d.Notice, StringComparison.Ordinal);
        Assert.Equal(longText, d.Value("moment"));
        Assert.EndsWith(longText, Assert.Single(d.Texts), StringComparison.Ordinal);
        Assert.Null(d.Session!.Moment);

        d.Say("help");
        Assert.Equal(longText, d.Value("moment"));

        d.Say("she looked away and I kept talking");
        Assert.Equal("lens", d.Step);
        Assert.Equal("she looked away and I kept talking", d.Session!.Moment);
        Assert.Null(d.Session.DraftText);
    }

    [Fact]
    public void TooLongInACardKeepsTheOtherAnswersAndTheDraft()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 5; i++)
        {
            d.Press("skip");
        }

        Assert.Equal("forward", d.Step);
        var intention = new string('x', 501);
        d.Press("next", ("pace", "FeltRushed"), ("intention", intention));
        Assert.Equal("forward", d.Step);
        Assert.Contains("500", d.Notice, StringComparison.Ordinal);
        Assert.Equal(intention, d.Value("intention"));
        Assert.Equal("FeltRushed", d.Value("pace"));
        Assert.Empty(d.Completed);
        d.Press("next", ("pace", "FeltRushed"), ("intention", new string('x', 500)));
        Assert.Single(d.Completed);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public void ANumberOutsideTheScaleIsAskedAgainKindly(string typed)
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say(typed);
        Assert.Equal("presence", d.Step);
        Assert.Contains("a number from 1 to 5", d.Notice, StringComparison.Ordinal);
        Assert.Null(d.Session!.Presence);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("🙂")]
    [InlineData("שלום")]
    [InlineData("\u0007\u0000")]
    [InlineData("   ")]
    public void WordsThatDoNotFitAreAskedAgainShowingWhatFits(string typed)
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 4");
        d.Say(typed);
        Assert.Equal("pulls", d.Step);
        Assert.False(string.IsNullOrEmpty(d.Notice));
        Assert.Null(d.Session!.Pulls);
        Assert.Equal(4, d.Session.Presence);
    }

    [Fact]
    public void AVeryLongWrongAnswerIsQuotedBackShort()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say(new string('z', 20000));
        Assert.Equal("presence", d.Step);
        Assert.True(d.Notice.Length < 300, d.Notice);
        Assert.Contains("zzz…", d.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoChoicesThatFitEquallyAreAskedAboutByName()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("no");
        d.Say("safe haven, or maybe secure base");
        Assert.Equal("lens", d.Step);
        Assert.Null(d.Session!.Lens);
        Assert.Contains("1 \"Safe haven\"", d.Notice, StringComparison.Ordinal);
        Assert.Contains("2 \"Secure base\"", d.Notice, StringComparison.Ordinal);
        d.Say("SECURE   base!");
        Assert.Equal("repairSoFar", d.Step);
        Assert.Equal(AttachmentLens.SecureBase, d.Session!.Lens);
    }

    [Fact]
    public void ADecimalBetweenTwoPointsIsAskedAboutRatherThanRounded()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4.5");
        Assert.Equal("presence", d.Step);
        Assert.Null(d.Session!.Presence);
        Assert.Contains("4 \"Mostly with them\"", d.Notice, StringComparison.Ordinal);
        Assert.Contains("5 \"Fully with them\"", d.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public void WordsBesideTheChoicesDoNotStopTheChoicesBeingHeard()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("4 4");
        d.Say("protocol, and a wombat on the windowsill");
        Assert.Equal("misattunement", d.Step);
        Assert.Equal([Pull.ApplyingProtocol], d.Session!.Pulls);
        Assert.StartsWith("Noted: applying a protocol.", d.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public void EmojiRightToLeftAndControlCharactersInFreeText()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("yes");
        d.Say("skip");
        d.Say("\u202Eשלום 🙂 she smiled\u0007\u0000 then\r\nlooked away");
        Assert.Equal("lens", d.Step);
        Assert.Equal("שלום 🙂 she smiled then\nlooked away", d.Session!.Moment);
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("skip");
        d.Say("👋🏽 breathe first");
        Assert.Contains("In your words: \u201cשלום 🙂 she smiled then\nlooked away\u201d", d.SummaryText, StringComparison.Ordinal);
        Assert.Equal("👋🏽 breathe first", d.Intention);
    }

    [Fact]
    public void OwnsOnlyWhatBelongsToTheReflection()
    {
        var d = new ReflectionDriver();
        var flow = d.Flow;
        Assert.True(flow.Owns(new UserInput("Reflect", null), null));
        Assert.False(flow.Owns(new UserInput("hello", null), null));
        Assert.False(flow.Owns(new UserInput("done", null), null));
        Assert.True(flow.Owns(new UserInput(null, new JsonObject { ["flow"] = "reflection" }), null));
        Assert.False(flow.Owns(new UserInput(null, new JsonObject { ["flow"] = "supervision" }), null));

        d.Say("reflect");
        Assert.True(flow.Owns(new UserInput("hello", null), d.Session));
        for (var i = 0; i < 12 && d.Completed.Count == 0; i++)
        {
            d.Say("skip");
        }

        var finished = d.Session;
        Assert.Equal(ReflectionState.Finished, finished!.State);
        Assert.False(flow.Owns(new UserInput("hello", null), finished));
        Assert.True(flow.Owns(new UserInput("repair", null), finished));
        Assert.True(flow.Owns(new UserInput("more", null), finished));
        Assert.True(flow.Owns(new UserInput("Start another", null), finished));
        Assert.True(flow.Owns(new UserInput("done", null), finished));
        Assert.False(flow.IsStartCommand(new UserInput("reflection on my week", null)));
    }

    [Fact]
    public void AfterTheSummaryOtherWordsGetAHint()
    {
        var d = new ReflectionDriver();
        d.Say("reflect");
        for (var i = 0; i < 12 && d.Completed.Count == 0; i++)
        {
            d.Say("skip");
        }

        d.Say("what now");
        Assert.Equal([Text.FinishedHint], d.Texts);
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "summary", ["action"] = "next" });
        Assert.Equal([Text.FinishedHint], d.Texts);
        // A button on a step card left behind takes nothing and says nothing: that card is put away.
        d.Submit(new JsonObject { ["flow"] = "reflection", ["step"] = "lens", ["action"] = "next", ["lens"] = "SafeHaven" });
        Assert.True(d.Outcome!.Stale);
        Assert.Empty(d.Texts);
        d.Say("more");
        Assert.Equal(ReflectionCards.RepairTemplate, d.Card.Template);
        Assert.Single(d.Completed);
    }
}
