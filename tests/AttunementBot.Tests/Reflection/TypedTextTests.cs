using AttunementBot.Reflection;

namespace AttunementBot.Tests.Reflection;

/// <summary>How typed words and numbers find their choice.</summary>
public class TypedTextTests
{
    private static readonly ReflectionStepsData Steps = ReflectionStepsData.Default;
    private static readonly ReplyReader Reader = new(ReflectionTextData.Default.Reading);

    [Theory]
    [InlineData("pulls", "1", "ApplyingProtocol")]
    [InlineData("pulls", "protocol", "ApplyingProtocol")]
    [InlineData("pulls", "  Time   PRESSURE ", "TimePressure")]
    [InlineData("pulls", "evidence-based", "ChoosingPractice")]
    [InlineData("pulls", "treatment", "TreatmentPlan")]
    [InlineData("pulls", "nothing", "StayedPresent")]
    [InlineData("pulls", "#2", "Assessing")]
    [InlineData("misattunement", "NOT SURE", "NotSure")]
    [InlineData("misattunement", "no", "No")]
    [InlineData("misattunement", "y", "Yes")]
    [InlineData("lens", "safe", "SafeHaven")]
    [InlineData("lens", "distress", "SeparationDistress")]
    [InlineData("repair", "not yet", "NotYet")]
    [InlineData("repair", "yes", "ApologisedInSession")]
    [InlineData("pace", "client's pace", "ClientsPace")]
    [InlineData("presence", "fully", "5")]
    [InlineData("presence", "４", "4")]
    public void WordsAndNumbersFindTheirChoice(string field, string typed, string expected)
    {
        var reading = Reader.Read(typed, [Steps.Field(field)]).Fields[0];
        Assert.Equal([expected], reading.Chosen.Select(c => c.Value));
    }

    [Theory]
    [InlineData("1, 3", new[] { "ApplyingProtocol", "TreatmentPlan" })]
    [InlineData("1 3", new[] { "ApplyingProtocol", "TreatmentPlan" })]
    [InlineData("protocol; time pressure", new[] { "ApplyingProtocol", "TimePressure" })]
    [InlineData("time pressure, rushing", new[] { "TimePressure" })]
    [InlineData("my own stress", new[] { "OwnStress" })]
    [InlineData("not tired, just short on time", new[] { "TimePressure" })]
    public void SeveralAnswersAreFoundAnywhereInTheReply(string typed, string[] values)
    {
        Assert.Equal(values, Reader.Read(typed, [Steps.Field("pulls")]).Fields[0].Chosen.Select(c => c.Value));
    }

    [Theory]
    [InlineData("angry", "angry", 0)]
    [InlineData("angyr", "angry", 1)]
    [InlineData("seperation", "separation", 1)]
    [InlineData("exausted", "exhausted", 1)]
    [InlineData("abc", "xyz", 3)]
    public void TyposAreCountedAsEditsWithSwapsAsOne(string a, string b, int distance)
    {
        Assert.Equal(distance, ReplyReader.Distance(a, b, 5));
    }

    [Theory]
    [InlineData("4 3", "4", "3")]
    [InlineData("4,3", "4", "3")]
    [InlineData("partly, yes", "partly", "yes")]
    public void TwoAnswersAtOnce(string typed, string first, string second)
    {
        Assert.Equal((first, second), TypedText.SplitPair(typed));
    }

    [Theory]
    [InlineData("not yet")]
    [InlineData("4")]
    [InlineData("1, 2, 3")]
    public void NotTwoAnswers(string typed)
    {
        Assert.Null(TypedText.SplitPair(typed));
    }

    [Fact]
    public void CleaningKeepsWordsEmojiAndRightToLeftButNotControls()
    {
        Assert.Equal("שלום 🙂\nok", TypedText.Clean("\u0000 \u202Bשלום 🙂\u0007\r\nok\u2066 "));
        Assert.Equal("a\uFFFDb", TypedText.Clean("a\uD800b"));
        Assert.Equal(1, TypedText.Length("👋🏽"));
    }
}
