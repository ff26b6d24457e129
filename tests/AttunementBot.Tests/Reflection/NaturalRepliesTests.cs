using AttunementBot.Reflection;
using Xunit.Abstractions;

namespace AttunementBot.Tests.Reflection;

/// <summary>
/// Replies in people's own words (natural-replies.txt), each typed while its question is open: the answers the flow
/// keeps, or, where two choices fit equally, a question back that names both and keeps nothing for that question.
/// </summary>
public sealed class NaturalRepliesTests(ITestOutputHelper output)
{
    private static readonly ReflectionStepsData Steps = ReflectionStepsData.Default;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Natural_replies_are_understood_or_kindly_asked_about()
    {
        var cases = Load();
        Assert.True(cases.Count >= 200, $"natural-replies.txt has {cases.Count} replies; at least 200 are expected.");
        var flow = new ReflectionFlow(new AttunementBot.Repair.RepairSuggester());
        var failures = new List<string>();
        var asked = 0;
        foreach (var (field, reply, expected, line) in cases)
        {
            var outcome = flow.Handle(SessionAt(field), new UserInput(reply, null), new ClinicianContext(Now, []));
            var session = Assert.IsType<ReflectionSession>(outcome.Session);
            var said = string.Join("\n", outcome.Replies.OfType<TextReply>().Select(t => t.Text)
                .Concat(outcome.Replies.OfType<CardReply>().Select(c => (string?)c.Data["notice"] ?? "")));
            foreach (var (id, value) in expected)
            {
                if (id == "ask")
                {
                    asked++;
                    var titles = value.Split('/').Select(v => Steps.Field(field).Choices.Single(c => c.Value == v).Title).ToList();
                    if (SessionFields.Get(session, field).Count > 0 || !titles.TrueForAll(t => said.Contains(t, StringComparison.Ordinal)))
                    {
                        failures.Add($"line {line}: \"{reply}\" should ask between {value}; kept {string.Join(",", SessionFields.Get(session, field))}, said: {said}");
                    }
                }
                else if (string.Join(",", SessionFields.Get(session, id)) is var got
                    && (value == "*" ? got.Length == 0 : value == "-" ? got.Length > 0 : got != value))
                {
                    failures.Add($"line {line}: \"{reply}\" → {id}: expected {value}, got '{got}'. Said: {said}");
                }
            }
        }

        output.WriteLine($"{cases.Count} natural replies: {cases.Count - failures.Count} read as expected, {asked} of them asked back.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A reflection with <paramref name="field"/>'s question open, as a person reaches it.</summary>
    private static ReflectionSession SessionAt(string field)
    {
        var step = Steps.Steps.Single(s => s.Fields.Exists(f => f.Id == field));
        return new ReflectionSession
        {
            Id = "natural",
            StartedAt = Now,
            UpdatedAt = Now,
            State = ReflectionState.Active,
            Step = StepIds.Parse(step.Id)!.Value,
            Field = field,
            Misattunement = step.Id == "moment" ? MisattunementNoticed.Yes : null,
        };
    }

    private static List<(string Field, string Reply, List<(string Id, string Value)> Expected, int Line)> Load()
    {
        var path = Path.Combine(Cards.CardTestPaths.RepoRoot, "tests", "AttunementBot.Tests", "Reflection", "natural-replies.txt");
        var cases = new List<(string, string, List<(string, string)>, int)>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() is not { Length: > 0 } line || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(" | ");
            Assert.True(parts.Length == 3, $"natural-replies.txt line {i + 1} needs three parts: {line}");
            var expected = parts[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Split('=', 2))
                .Select(e => (e[0], e[1]))
                .ToList();
            cases.Add((parts[0].Trim(), parts[1].Trim(), expected, i + 1));
        }

        return cases;
    }
}
