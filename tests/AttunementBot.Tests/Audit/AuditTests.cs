using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Text.Json.Nodes;
using AttunementBot.Audit;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AttunementBot.Tests.Audit;

/// <summary>Every sensitive action, and every refused attempt at a lead's action, is in an append-only audit trail of ids.</summary>
public sealed class AuditTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private const string Moment = "Jordan flinched when my phone buzzed";
    private const string GroupChannel = "19:tuesday@thread.tacv2";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly BotHost _host;
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public AuditTests()
    {
        _host = new BotHost(
            settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId, ["Scheduling:Enabled"] = "false", ["Audit:RetentionDays"] = "30" },
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
    public async Task Sharing_reviewing_and_withdrawing_are_recorded_without_any_reflection_text()
    {
        var (lead, sam) = await SharedCardAsync();
        var card = CardReader.Last([_connector.Sent.Last()]);
        var peer = new Conversation(_client, userId: "user-peer", serviceUrl: _connector.ServiceUrl.ToString());
        await peer.SayAsync("join group Tuesday peers");
        await InChannel(peer, peer.Submit(card.Press("acknowledge")));
        await InChannel(peer, peer.Submit(card.Press("discuss")));
        await InChannel(lead, lead.Message("mark discussed 1"));
        await sam.SayAsync("withdraw 1");

        Assert.Equal(
            ["group.setUp", "group.joined", "card.previewed", "card.shared", "group.joined", "card.acknowledged", "card.discussionRequested", "card.markedDiscussed", "card.withdrawn"],
            Actions());
        Assert.Equal($"msteams:{sam.User.Id}", _host.Scalar("SELECT actor FROM audit_event WHERE action = 'card.shared'"));
        var everything = string.Join('|', Rows("SELECT at || action || outcome || actor || COALESCE(subject, '') || COALESCE(group_id, '') FROM audit_event"));
        foreach (var word in Moment.Split(' ').Where(w => w.Length > 3))
        {
            Assert.DoesNotContain(word, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Refused_attempts_at_a_lead_action_are_recorded_and_answered_kindly()
    {
        var (_, sam) = await SharedCardAsync();

        var refused = BotClient.TextOf(await InChannel(sam, sam.Message("audit log")));
        await InChannel(sam, sam.Message("mark discussed 1"));
        await sam.SayAsync("add lead Sam");
        await sam.SayAsync("schedule daily at 9 for Sam Clinician");

        Assert.Contains("for the group's leads", refused, StringComparison.Ordinal);
        Assert.Equal(
            ["audit.read", "card.markedDiscussed", "lead.added", "schedule.created"],
            Rows("SELECT action FROM audit_event WHERE outcome = 'refused' ORDER BY id"));
    }

    [Fact]
    public async Task A_lead_reads_the_groups_log_in_its_channel_or_by_name()
    {
        var (lead, _) = await SharedCardAsync();

        var inChannel = BotClient.TextOf(await InChannel(lead, lead.Message("audit log")));
        var byName = BotClient.TextOf(await lead.SayAsync("audit log for group Tuesday peers"));
        var unknown = BotClient.TextOf(await lead.SayAsync("audit log for group Nobody"));

        Assert.True(inChannel.Contains("in \"Tuesday peers\"", StringComparison.Ordinal), inChannel);
        Assert.Contains("Sam Clinician · shared a card", inChannel, StringComparison.Ordinal);
        Assert.Contains("set up the group here", inChannel, StringComparison.Ordinal);
        Assert.Contains("read the audit log", byName, StringComparison.Ordinal);
        Assert.DoesNotContain(Moment, byName, StringComparison.Ordinal);
        Assert.Contains("don't know a group by that name", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_refuses_changes_and_deletions_before_retention()
    {
        await SharedCardAsync();

        Assert.ThrowsAny<System.Data.Common.DbException>(() => _host.Execute("UPDATE audit_event SET actor = 'someone else'"));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => _host.Execute("DELETE FROM audit_event"));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => _host.Execute("UPDATE audit_retention SET cutoff = '0000-01-01T00:00:00.0000000Z'"));
        Assert.NotEmpty(Actions());
    }

    [Fact]
    public async Task Events_older_than_the_retention_period_are_deleted()
    {
        await SharedCardAsync();
        var before = Actions().Count;

        _clock.Advance(TimeSpan.FromDays(29));
        await Task.Delay(300);
        Assert.Equal(before, Actions().Count);

        _clock.Advance(TimeSpan.FromDays(2));
        for (var wait = 0; wait < 100 && Actions().Count > 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(Actions());
    }

    [Fact]
    public async Task The_operator_command_writes_csv_or_json_from_a_date()
    {
        await SharedCardAsync();
        var command = _host.Services.GetRequiredService<AuditCommand>();

        var csv = await RunAsync(command, "--since", "2026-12-01");
        var json = JsonNode.Parse(await RunAsync(command, "--since", "2026-12-01", "--format", "json"))!.AsArray();
        var later = await RunAsync(command, "--since", "2026-12-02");

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("at,action,outcome,actor,subject,group_id", lines[0]);
        Assert.Contains(lines, l => l.Contains(",card.shared,done,msteams:", StringComparison.Ordinal));
        Assert.Equal(lines.Length - 1, json.Count);
        Assert.Equal("card.shared", json.Single(e => e!["action"]!.GetValue<string>() == "card.shared")!["action"]!.GetValue<string>());
        Assert.Single(later.TrimEnd('\n').Split('\n'));

        using var error = new StringWriter();
        Assert.Equal(2, await command.RunAsync(["--since", "yesterday-ish"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("Usage: audit --since", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_program_runs_the_audit_command_mode()
    {
        await SharedCardAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var program = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [program, "audit", "--since", "2026-12-01", "--format", "csv", .. _host.StorageArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("at,action,outcome,actor,subject,group_id\n", output, StringComparison.Ordinal);
        Assert.Contains(",card.shared,done,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retention_shorter_than_a_month_stops_the_bot_with_a_clear_message()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["Audit:RetentionDays"] = "5" });

        Assert.Contains("Audit:RetentionDays must be between 30 and 36500 days", await host.StartupFailureAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_audit_action_has_words_a_lead_can_read()
    {
        var text = new AuditText();
        var actions = typeof(AttunementBot.Common.Audit.AuditActions).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.False(string.IsNullOrWhiteSpace(text[$"actions.{action.Replace('.', '-')}"])));
    }

    private static async Task<string> RunAsync(AuditCommand command, params string[] args)
    {
        using var output = new StringWriter();
        Assert.Equal(0, await command.RunAsync(args, output, TextWriter.Null, CancellationToken.None));
        return output.ToString();
    }

    /// <summary>A group set up by the lead in its channel, and Sam's reflection shared there.</summary>
    private async Task<(Conversation Lead, Conversation Sam)> SharedCardAsync()
    {
        var lead = new Conversation(_client, userId: LeadId, serviceUrl: _connector.ServiceUrl.ToString());
        await lead.SayAsync("hi");
        await InChannel(lead, lead.Message("set up supervision group Tuesday peers"));
        var sam = new Conversation(_client, serviceUrl: _connector.ServiceUrl.ToString());
        await sam.SayAsync("join group Tuesday peers");
        foreach (var answer in new[] { "reflect", "3 3", "skip", "yes", "skip", Moment })
        {
            await sam.SayAsync(answer);
        }

        await sam.SkipToSummaryAsync();
        var options = CardReader.Last(await sam.SayAsync("share"));
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true"))));
        await sam.SubmitAsync(confirm.Press("post"));
        return (lead, sam);
    }

    private static Task<IReadOnlyList<Activity>> InChannel(Conversation person, Activity activity)
    {
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: GroupChannel);
        return person.SendAsync(activity);
    }

    private List<string> Actions() => Rows("SELECT action FROM audit_event ORDER BY id");

    private List<string> Rows(string sql)
    {
        var connection = _host.Services.GetRequiredService<AttunementBot.Storage.Database>().OpenAsync().GetAwaiter().GetResult();
        using (connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }
    }
}
