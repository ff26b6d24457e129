using AttunementBot.Reflection;
using System.Text.Json.Nodes;
using AttunementBot.Storage;
using AttunementBot.Tests.Cards;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Trends;

/// <summary>
/// The real host on a fake clock (scheduler off), a supervision group set up in its Teams channel, and
/// clinicians whose past reflections are saved through the bot's own reflection history.
/// </summary>
public sealed class FiguresHost : IDisposable
{
    public const string LeadId = "user-lead";
    public const string Group = "Tuesday peers";

    private readonly ConversationAccount _channel = new(isGroup: true, conversationType: "channel", id: "19:tuesday@thread.tacv2");
    private int _saved;

    public FiguresHost(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        Host = new BotHost(
            settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId, ["Scheduling:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(Clock));
        Client = Host.CreateBotClient();
    }

    public FakeTimeProvider Clock { get; }

    public BotHost Host { get; }

    public BotClient Client { get; }

    public Conversation Person(string userId, string? channelId = null)
    {
        var person = new Conversation(Client, channelId ?? "msteams", userId);
        person.User.Name = userId;
        return person;
    }

    public async Task<Conversation> LeadWithGroupAsync()
    {
        var lead = Person(LeadId);
        var setUp = lead.Message("set up supervision group " + Group);
        setUp.Conversation = _channel;
        await lead.SendAsync(setUp);
        return lead;
    }

    public async Task<Conversation> MemberAsync(string userId)
    {
        var member = Person(userId);
        await member.SayAsync("join group " + Group);
        return member;
    }

    /// <summary>Saves a completed reflection as the flow would, through the host's own history store.</summary>
    public Task SaveAsync(Conversation person, DateTimeOffset completedAt, ReflectionAnswers answers) =>
        Host.Services.GetRequiredService<IReflectionHistory>().SaveAsync(
            $"{person.ChannelId}:{person.User.Id}",
            new CompletedReflection($"seeded-{Interlocked.Increment(ref _saved)}", completedAt.AddMinutes(-3), completedAt, answers),
            CancellationToken.None);

    /// <summary>Every fact on a card as (title, value), in order, as shown.</summary>
    public static List<(string Title, string Value)> Facts(JObject card) =>
        [.. card.SelectTokens("$..facts[*]").Select(f => (ShownText.Of((string)f["title"]!), ShownText.Of((string)f["value"]!)))];

    public static JObject Card(IEnumerable<Activity> replies) => CardReader.Last(replies).Json;

    /// <summary>What the official Adaptive Cards parser (and the Teams chart check) says of a card the bot sent.</summary>
    public static IReadOnlyList<ValidationIssue> OfficialIssues(JObject card) =>
        Assert.Single(OfficialCardValidator.Run([new ValidationRequest("sent", new JsonObject(), null, JsonNode.Parse(card.ToString()))])).Issues;

    public void Dispose()
    {
        Client.Dispose();
        Host.Dispose();
    }
}
