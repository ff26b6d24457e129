using AttunementBot.Common.Risk;

namespace AttunementBot.Tests.Care;

/// <summary>The risk detector's mechanisms, one at a time: shorthand in a clinical frame, negation, history, play.</summary>
public class RiskDetectorTests
{
    private static readonly RiskDetector Detector = RiskDetector.Shared;

    [Theory]
    [InlineData("SI", RiskKind.SelfHarmAndSuicide)]
    [InlineData("si", RiskKind.SelfHarmAndSuicide)]
    [InlineData("HI", RiskKind.HarmToOthers)]
    [InlineData("passive si, no plan", RiskKind.SelfHarmAndSuicide)]
    [InlineData("denies si", RiskKind.SelfHarmAndSuicide)]
    [InlineData("hi w/ plan toward the neighbour", RiskKind.HarmToOthers)]
    [InlineData("SI came up again near the end", RiskKind.SelfHarmAndSuicide)]
    [InlineData("no plan, no intent", RiskKind.SelfHarmAndSuicide)]
    [InlineData("sh urges after school", RiskKind.SelfHarmAndSuicide)]
    public void ClinicalShorthandCountsInAClinicalFrame(string text, RiskKind kind)
    {
        Assert.Equal(kind, Detector.Find(text));
    }

    [Theory]
    [InlineData("hi")]
    [InlineData("Hi!")]
    [InlineData("she said hi at the door and then hid")]
    [InlineData("gave me a hi-five at the end")]
    [InlineData("her sib came to the session too")]
    [InlineData("OT is doing SI work with him at school")]
    [InlineData("we made a plan for the next session")]
    public void TheSameLettersInOrdinaryEnglishStayQuiet(string text)
    {
        Assert.Null(Detector.Find(text));
    }

    [Theory]
    [InlineData("no safety concerns today, we stayed with the grief")]
    [InlineData("there were no risk concerns, just a lot of feeling")]
    public void ANegatedGeneralConcernStaysQuiet(string text)
    {
        Assert.Null(Detector.Find(text));
    }

    [Theory]
    [InlineData("safety concerns about her stepdad")]
    [InlineData("denies abuse but had marks on her arms")]
    [InlineData("no weapons in the home per mom")]
    public void ScreeningWordsCountEvenWhenTheAnswerIsNo(string text)
    {
        // The note is about protocol, not about severity.
        Assert.NotNull(Detector.Find(text));
    }

    [Theory]
    [InlineData("we worked on the memories of her dad hitting her mom when she was little", false)]
    [InlineData("her dad hit her mom again last night", true)]
    [InlineData("removed from her birth mom at four, she wonders why", false)]
    [InlineData("the kids were removed from the home this morning", true)]
    [InlineData("the neglect she grew up with came up, she stayed present", false)]
    [InlineData("she disclosed that her uncle abused her when she was six", true)]
    public void HistoricalTraumaWorkIsNotCurrentRiskButADisclosureNowIs(string text, bool expected)
    {
        Assert.Equal(expected, Detector.Touches(text));
    }

    [Theory]
    [InlineData("she used to run away from school when she was 7, not anymore", false)]
    [InlineData("being used to move drugs between towns", true)]
    [InlineData("he's used to carry stuff for older lads", true)]
    [InlineData("she's got used to the older lads giving her weed", true)]
    public void UsedToIsHistoryOnlyAsAPastHabit(string text, bool expected)
    {
        // "used to" as a habit now over is history; "being used to", "got used to" are happening now.
        Assert.Equal(expected, Detector.Touches(text));
    }

    [Theory]
    [InlineData("he said i'll kill you when he lost at uno", false)]
    [InlineData("said he'd kill his stepdad over a game of cards, and he meant it", true)]
    [InlineData("felt like i'd been hit by a truck after clinic", false)]
    [InlineData("she ran away from the wasp, giggling", false)]
    [InlineData("she ran away from her placement again", true)]
    [InlineData("his idea got shot down in class", false)]
    [InlineData("i could murder a takeaway", false)]
    public void ThreatsInAGameAndIdiomsOfHarmStayQuiet(string text, bool expected)
    {
        Assert.Equal(expected, Detector.Touches(text));
    }

    [Theory]
    [InlineData("says she can't keep going like this", true)]
    [InlineData("the game can't go on without the dice", false)]
    [InlineData("he said he's going to end it tonight", true)]
    [InlineData("we agreed to end it there for today", false)]
    [InlineData("he's got a piece, showed it on snap", true)]
    [InlineData("he had a piece of cake in session", false)]
    public void PhraseFamiliesCountAndTheirOrdinaryTwinsStayQuiet(string text, bool expected)
    {
        Assert.Equal(expected, Detector.Touches(text));
    }

    [Theory]
    [InlineData("in the sandtray the knights killed the dragon", false)]
    [InlineData("he killed the dog next door", true)]
    [InlineData("nerf guns in the family session, lots of laughing", false)]
    [InlineData("his dad keeps guns in the garage", true)]
    public void AggressionInPlayIsTheWork(string text, bool expected)
    {
        Assert.Equal(expected, Detector.Touches(text));
    }

    [Theory]
    [InlineData("this caseload is killing me")]
    [InlineData("i jumped the gun on that interpretation")]
    [InlineData("she choked up when she talked about her grandma")]
    [InlineData("i wanted to die of embarrassment when i got her name wrong")]
    [InlineData("we're cutting the session short next week")]
    [InlineData("i pushed her too hard on the memory and she pulled back")]
    public void IdiomsInAClinicianOwnWordsStayQuiet(string text)
    {
        Assert.Null(Detector.Find(text));
    }

    [Theory]
    [InlineData("Took like 20 Tylenol after the fight")]
    [InlineData("she took a bunch of pills")]
    [InlineData("says she wants to unalive herself")]
    [InlineData("texted kms to her friend")]
    [InlineData("purging after dinner")]
    [InlineData("fainted in gym")]
    [InlineData("made a mandated report after session")]
    [InlineData("an adult on discord keeps asking her for pics")]
    [InlineData("choked his brother")]
    [InlineData("touches her at night when mom is at work")]
    public void PlainWordsAndYoungPeoplesWordsCount(string text)
    {
        Assert.NotNull(Detector.Find(text));
    }

    [Fact]
    public void QuotesCurlyApostrophesAndLineBreaksAreReadThrough()
    {
        Assert.NotNull(Detector.Find("her \u201Cboyfriend\u201D is 26 and she\u2019s 15"));
        Assert.NotNull(Detector.Find("she wants to go to sleep\nand not wake up"));
    }

    [Fact]
    public void EmptyAndHugeTextAreHandled()
    {
        Assert.Null(Detector.Find(null));
        Assert.Null(Detector.Find("   "));
        Assert.Null(Detector.Find(string.Concat(Enumerable.Repeat("we sat together and breathed. ", 2000))));
        Assert.NotNull(Detector.Find(string.Concat(Enumerable.Repeat("a b c d e f ", 300)) + " she is purging again"));
    }

    [Fact]
    public void ALexiconNamingAFrameItDoesNotHaveIsRefusedAtStartUp()
    {
        var lexicon = new RiskLexicon
        {
            Negation = "no",
            ClauseBreak = "[.]",
            Kinds = [new RiskKindEntries { Kind = RiskKind.Weapons, Entries = [new RiskEntry { Match = "gun", Frame = "nowhere" }] }],
        };

        var error = Assert.Throws<InvalidOperationException>(() => new RiskDetector(lexicon));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShareNoteSpeaksOfProtocolAndSupervisorAndGivesNoAdvice()
    {
        Assert.Contains("protocol", RiskNote.ShareNote, StringComparison.Ordinal);
        Assert.Contains("supervisor", RiskNote.ShareNote, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?i)\b(you should|must|urgent|immediately|danger|diagnos\w*)\b", RiskNote.ShareNote);
    }
}
