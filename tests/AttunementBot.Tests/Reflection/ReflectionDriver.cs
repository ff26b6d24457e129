using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Repair;
using Newtonsoft.Json;

namespace AttunementBot.Tests.Reflection;

/// <summary>
/// Plays a clinician: sends typed text or card submits to <see cref="ReflectionFlow.Handle"/>, and between every turn
/// stores the session the way Bot Builder state does (Newtonsoft.Json, TypeNameHandling.All), checking that
/// System.Text.Json round-trips it too.
/// </summary>
internal sealed class ReflectionDriver
{
    private static readonly JsonSerializerSettings BotStateSettings = new() { TypeNameHandling = TypeNameHandling.All };
    private int ids;

    public ReflectionDriver(params int?[] recentSettledness)
    {
        Flow = new ReflectionFlow(new RepairSuggester(), newId: () => $"reflection-{++ids}");
        Recent = [.. recentSettledness];
    }

    public ReflectionFlow Flow { get; }

    public List<int?> Recent { get; }

    public DateTimeOffset Now { get; set; } = new(2025, 11, 27, 16, 30, 0, TimeSpan.FromHours(1));

    public string? StoredSession { get; set; }

    /// <summary>The last completed reflection, given to a turn that may begin a new one (as the bot does).</summary>
    public CompletedReflection? Last { get; set; }

    public List<CompletedReflection> Completed { get; } = [];

    public IReadOnlyList<Reply> Replies { get; private set; } = [];

    /// <summary>The last turn's whole outcome: what the card left behind becomes, and whether it was a stale press.</summary>
    public FlowOutcome? Outcome { get; private set; }

    public ReflectionSession? Session => StoredSession is null ? null : JsonConvert.DeserializeObject<ReflectionSession>(StoredSession, BotStateSettings);

    public CardReply Card => Replies.OfType<CardReply>().Single();

    public JsonObject Data => Card.Data;

    public IReadOnlyList<string> Texts => [.. Replies.OfType<TextReply>().Select(t => t.Text)];

    public string Notice => (string)Data["notice"]!;

    public string Step => (string)Data["step"]!;

    public string Value(string field) =>
        (string)Data["fields"]!.AsArray().Single(f => (string)f!["id"]! == field)!["value"]!;

    /// <summary>The summary's sentences, as the clinician reads them, one paragraph a line.</summary>
    public string SummaryText => string.Join("\n", Data["paragraphs"]!.AsArray().Select(p => (string)p!["text"]!));

    /// <summary>The intention the summary shows, or the words it says when none was written.</summary>
    public string Intention => (string)Data["intention"]!;

    public IReadOnlyList<Reply> Say(string text) => Turn(new UserInput(text, null));

    /// <summary>Presses a button on the last card, with the given input values (as the card would send them).</summary>
    public IReadOnlyList<Reply> Press(string action, params (string Id, string Value)[] values)
    {
        var submit = new JsonObject { ["flow"] = "reflection", ["step"] = Step, ["action"] = action };
        foreach (var (id, value) in values)
        {
            submit[id] = value;
        }

        return Submit(submit);
    }

    public IReadOnlyList<Reply> Submit(JsonObject submit) => Turn(new UserInput(null, submit));

    public IReadOnlyList<Reply> Turn(UserInput input)
    {
        var session = Session;
        var context = new ClinicianContext(Now, [.. Recent]);
        var outcome = Flow.Handle(session, input, Flow.MayBegin(input) ? context with { Last = Last } : context);
        if (outcome.Completed is not null)
        {
            Completed.Add(outcome.Completed);
        }

        StoredSession = outcome.Session is null ? null : JsonConvert.SerializeObject(outcome.Session, BotStateSettings);
        if (outcome.Session is not null)
        {
            var viaStj = System.Text.Json.JsonSerializer.Deserialize<ReflectionSession>(System.Text.Json.JsonSerializer.Serialize(outcome.Session))!;
            Assert.Equal(StoredSession, JsonConvert.SerializeObject(viaStj, BotStateSettings));
            Assert.Equal(StoredSession, JsonConvert.SerializeObject(Session, BotStateSettings));
        }

        // Only a press on a card left behind may go unanswered (the bot puts that card away instead).
        Assert.True(outcome.Replies.Count > 0 || outcome.Stale, "The flow said nothing.");
        Outcome = outcome;
        Replies = outcome.Replies;
        Now += TimeSpan.FromSeconds(20);
        return Replies;
    }
}
