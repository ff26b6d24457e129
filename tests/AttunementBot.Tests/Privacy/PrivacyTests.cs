using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AttunementBot.Tests.Privacy;

/// <summary>A clinician sees what the bot keeps about them, and can have all of it forgotten.</summary>
public sealed class PrivacyTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly BotHost _host;
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public PrivacyTests()
    {
        _host = new BotHost(
            settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId, ["Scheduling:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateBotClient();
    }

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task My_data_lists_what_is_kept_and_delete_my_data_forgets_all_of_it_after_confirmation()
    {
        var sam = await ClinicianWithSharedReflectionAsync();
        await sam.SayAsync("remind me weekdays at 17:30");

        var kept = BotClient.TextOf(await sam.SayAsync("my data"));
        Assert.Contains("1 completed reflection(s), kept for 365 days", kept);
        Assert.Contains("1 card(s) you shared with a group", kept);
        Assert.Contains("1 supervision group membership(s)", kept);
        Assert.Contains("1 prompt schedule(s) you made", kept);

        Assert.Contains("can't be undone", BotClient.TextOf(await sam.SayAsync("delete my data")));
        Assert.Equal(1, Count("reflection"));
        var done = BotClient.TextOf(await sam.SayAsync("yes, delete my data"));

        Assert.Contains("I've forgotten everything", done);
        Assert.Equal(0, Count("reflection") + Count("shared_card") + Count("group_member") + Count("schedule") + Count("person"));
        var withdrawn = CardReader.Last([_connector.Calls.Last(c => c.Method == "PUT").Activity!]);
        Assert.Contains("has taken it back", withdrawn.Text);
        Assert.Contains("about three minutes", BotClient.TextOf(await sam.SayAsync("hi")));
    }

    [Fact]
    public async Task Nothing_is_deleted_without_a_recent_request()
    {
        var sam = await ClinicianWithSharedReflectionAsync();

        Assert.Contains("Say \"delete my data\" first", BotClient.TextOf(await sam.SayAsync("yes, delete my data")));
        await sam.SayAsync("delete my data");
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("Say \"delete my data\" first", BotClient.TextOf(await sam.SayAsync("yes, delete my data")));
        Assert.Equal(1, Count("reflection"));
        Assert.Equal(1, Count("shared_card"));
    }

    [Fact]
    public async Task Reflections_older_than_the_retention_period_are_deleted()
    {
        var sam = new Conversation(_client, serviceUrl: _connector.ServiceUrl.ToString());
        await CompleteReflectionAsync(sam);
        Assert.Equal(1, Count("reflection"));

        _clock.Advance(TimeSpan.FromDays(364));
        await Task.Delay(300);
        Assert.Equal(1, Count("reflection"));

        _clock.Advance(TimeSpan.FromDays(2));
        for (var wait = 0; wait < 100 && Count("reflection") > 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, Count("reflection"));
    }

    private async Task<Conversation> ClinicianWithSharedReflectionAsync()
    {
        var lead = new Conversation(_client, userId: LeadId, serviceUrl: _connector.ServiceUrl.ToString());
        var setUp = lead.Message("set up supervision group Tuesday peers");
        setUp.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:tuesday@thread.tacv2");
        await lead.SendAsync(setUp);
        var sam = new Conversation(_client, serviceUrl: _connector.ServiceUrl.ToString());
        await sam.SayAsync("join group Tuesday peers");
        await CompleteReflectionAsync(sam);
        var options = CardReader.Last(await sam.SayAsync("share"));
        // Only the two ratings were answered, and they go only when ticked.
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("items", "presence"))));
        await sam.SubmitAsync(confirm.Press("post"));
        Assert.Single(_connector.Sent);
        return sam;
    }

    private static async Task CompleteReflectionAsync(Conversation person)
    {
        await person.SayAsync("reflect");
        await person.SayAsync("4 3");
        await person.SkipToSummaryAsync();
    }

    private int Count(string table) =>
        Convert.ToInt32(_host.Scalar($"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);
}
