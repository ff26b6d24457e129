using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AttunementBot.Reflection;

namespace AttunementBot.Tests.Reflection;

/// <summary>The step data, the answer enums and the card templates agree; the words keep the seed's tone.</summary>
public class ReflectionDataTests
{
    private static readonly ReflectionStepsData Steps = ReflectionStepsData.Default;

    public static TheoryData<string, Type> EnumFields() => new()
    {
        { "pulls", typeof(Pull) },
        { "misattunement", typeof(MisattunementNoticed) },
        { "cues", typeof(ClientCue) },
        { "lens", typeof(AttachmentLens) },
        { "repair", typeof(RepairSoFar) },
        { "permission", typeof(PermissionGiven) },
        { "pace", typeof(Pace) },
        { "repairSince", typeof(RepairSince) },
        { "clientMet", typeof(ClientMet) },
        { "intentionCame", typeof(IntentionCame) },
    };

    [Theory]
    [MemberData(nameof(EnumFields))]
    public void EveryAnswerHasExactlyOneChoiceInEnumOrder(string field, Type enumType)
    {
        Assert.Equal(Enum.GetNames(enumType), Steps.Field(field).Choices.Select(c => c.Value));
    }

    [Theory]
    [InlineData("presence")]
    [InlineData("settledness")]
    public void ScalesRunFromOneToFiveWithWordsNotGrades(string field)
    {
        var choices = Steps.Field(field).Choices;
        Assert.Equal(["1", "2", "3", "4", "5"], choices.Select(c => c.Value));
        Assert.All(choices, c => Assert.DoesNotMatch(@"\d|good|bad|poor|excellent|fail", c.Title.ToLowerInvariant()));
    }

    [Fact]
    public void EveryStepAndFieldIsKnownToTheFlow()
    {
        Assert.Equal(Enum.GetValues<ReflectionStep>().Select(StepIds.Of), Steps.Steps.Select(s => s.Id));
        var session = new ReflectionSession();
        foreach (var field in Steps.Steps.SelectMany(s => s.Fields))
        {
            Assert.Empty(SessionFields.Get(session, field.Id));
            Assert.Contains(field.Kind, new[] { FieldKinds.One, FieldKinds.Many, FieldKinds.Text });
            Assert.False(string.IsNullOrWhiteSpace(field.Label));
            Assert.False(string.IsNullOrWhiteSpace(field.Ask));
            Assert.Equal(field.Kind == FieldKinds.Text, field.MaxLength is not null);
            Assert.Equal(field.Kind != FieldKinds.Text, field.Choices.Count > 0);
        }
    }

    [Fact]
    public void TextLimitsAreTheOnesTheStepCardOffers()
    {
        var template = File.ReadAllText(Path.Combine(ReflectionCardSamplesTests.RepoRoot(), "cards", "reflection-step.json"));
        foreach (var field in Steps.Steps.SelectMany(s => s.Fields).Where(f => f.Kind == FieldKinds.Text))
        {
            Assert.Contains($"equals(maxLength, {field.MaxLength})", template, StringComparison.Ordinal);
            Assert.Contains($"\"maxLength\": {field.MaxLength}", template, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("reflection-step")]
    [InlineData("reflection-resume")]
    [InlineData("reflection-summary")]
    [InlineData("reflection-repair")]
    public void EveryButtonIsAddressedToTheReflectionOrIsACommand(string template)
    {
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(ReflectionCardSamplesTests.RepoRoot(), "cards", template + ".json")))!;
        var known = new[] { "next", "skip", "back", "help", "cancel", "continue", "startOver", "repair", "more", "another", "done" };
        var actions = card["actions"]!.AsArray();
        Assert.NotEmpty(actions);
        foreach (var execute in actions)
        {
            // Teams gets Action.Execute; every other host its Submit fallback, with the same title and data.
            var action = execute;
            if ((string)execute!["type"]! == "Action.Execute")
            {
                action = execute["fallback"]!;
                Assert.Equal("Action.Submit", (string)action["type"]!);
                Assert.Equal((string)execute["title"]!, (string)action["title"]!);
                Assert.True(JsonNode.DeepEquals(execute["data"], action["data"]));
                Assert.Equal("reflection." + (string)execute["data"]!["action"]!, (string)execute["verb"]!);
            }

            Assert.Equal("Action.Submit", (string)action!["type"]!);
            if (action["data"]!["command"] is { } command)
            {
                // A command button hands over to another feature as if the command were typed ("share").
                Assert.Equal((string)command!, (string)action["data"]!["msteams"]!["value"]!);
                continue;
            }

            Assert.Equal("reflection", (string)action["data"]!["flow"]!);
            Assert.False(string.IsNullOrEmpty((string)action["data"]!["step"]!));
            Assert.Contains((string)action["data"]!["action"]!, known);
        }

        Assert.Equal("${fallbackText}", (string)card["fallbackText"]!);
    }

    [Fact]
    public void TheWordsNeverJudgeDiagnoseOrAdvise()
    {
        var words = new List<string>();
        foreach (var file in new[] { "reflection-steps.json", "reflection-text.json" })
        {
            var json = File.ReadAllText(Path.Combine(ReflectionCardSamplesTests.RepoRoot(), "src", "AttunementBot", "Reflection", file));
            json = Regex.Replace(json, @"^\s*//.*$", "", RegexOptions.Multiline);
            // Only what the bot says: the words it reads in replies (risk words, a choice's aliases, hedges, distress) are the person's.
            Collect(JsonNode.Parse(json), words, skip: ["aliases", "reading", "distress", "commands"]);
        }

        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.DoesNotMatch(new Regex(@"\b(error|wrong|fail\w*|invalid|incorrect|diagnos\w*|disorder|treatment advice|you should)\b", RegexOptions.IgnoreCase), w));
    }

    private static void Collect(JsonNode? node, List<string> words, string[] skip)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (!skip.Contains(key))
                    {
                        Collect(value, words, skip);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, words, skip);
                }

                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                words.Add(v.GetValue<string>());
                break;
        }
    }
}
