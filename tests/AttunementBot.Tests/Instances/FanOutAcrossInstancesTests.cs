using System.Globalization;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Npgsql;

namespace AttunementBot.Tests.Instances;

/// <summary>
/// A lead's group prompt with two bot processes on one PostgreSQL database, on the real clock: the prompt is set
/// for the next whole minute and everyone in the group is reached exactly once, within Teams' 30 a second for the
/// app, whichever instance sends. Then the same with the sending instance killed outright half-way.
/// </summary>
public sealed class FanOutAcrossInstancesTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private const string Group = "Everyone";
    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-fanout-").FullName;
    private readonly ConversationAccount _channel = new(isGroup: true, conversationType: "channel", id: "19:everyone@thread.tacv2");
    private FakeConnector _connector = null!;
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        if (TestPostgres.Available)
        {
            _database = TestPostgres.NewSchema();
        }
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PostgresFact]
    public async Task A_group_prompt_with_two_instances_reaches_everyone_once_at_most_30_a_second()
    {
        using var first = await BotProcess.StartAsync(_folder, Settings);
        using var second = await BotProcess.StartAsync(_folder, Settings);
        var members = await GroupAsync(first, second, 90);

        await ScheduleForNextMinuteAsync(second);
        await WaitForPromptsAsync(members.Count, TimeSpan.FromSeconds(150));
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything sent twice would arrive by now

        var prompts = Prompts();
        Assert.Equal(members.Order(), prompts.Select(p => p.ConversationId).Order());
        RateAssert.AtMost(30, TimeSpan.FromSeconds(1), prompts.Select(p => p.ArrivedAt));
    }

    [PostgresFact]
    public async Task When_the_sending_instance_is_killed_the_other_finishes_the_prompt_without_sending_anyone_two()
    {
        using var first = await BotProcess.StartAsync(_folder, Settings);
        using var second = await BotProcess.StartAsync(_folder, Settings);
        var members = await GroupAsync(first, second, 240);
        await ScheduleForNextMinuteAsync(first);

        await WaitForPromptsAsync(60, TimeSpan.FromSeconds(150));
        var sender = await SendingProcessAsync() == first.ProcessId ? first : second;
        var survivor = ReferenceEquals(sender, first) ? second : first;

        // Killed with a prompt in flight (the channel holds it): it may have reached the person, so it must be
        // recorded as uncertain and never sent again; everything not yet sent is the survivor's to send.
        var calls = _connector.Calls.Count;
        _connector.HangNext(TimeSpan.FromSeconds(40));
        await _connector.WaitForCallsAsync(calls + 1);
        sender.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var sentBeforeKill = Prompts().Count;

        await WaitUntilAsync(async () => await AccountedForAsync() >= members.Count, TimeSpan.FromSeconds(90), async () =>
            $"{Prompts().Count} prompts; deliveries {await StatusesAsync()}; survivor:{Environment.NewLine}{survivor.Output}");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var prompts = Prompts();
        Assert.All(prompts.GroupBy(p => p.ConversationId), g => Assert.Single(g));
        Assert.Subset(members.ToHashSet(), prompts.Select(p => p.ConversationId).ToHashSet());
        var uncertain = await UncertainAsync();
        Assert.InRange(uncertain, 1, 8); // the held one, and at most the sends in flight at once (Scheduling:MaxConcurrentSends)
        Assert.True(members.Count - prompts.Count <= uncertain, $"{members.Count - prompts.Count} people never reached, {uncertain} recorded as uncertain");
        var firstAfter = prompts.Skip(sentBeforeKill).Select(p => p.ArrivedAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        Assert.True(firstAfter - killedAt < TimeSpan.FromSeconds(30), $"The survivor began {firstAfter - killedAt} after the kill.{Environment.NewLine}{survivor.Output}");
        RateAssert.AtMost(30, TimeSpan.FromSeconds(1), prompts.Select(p => p.ArrivedAt));
    }

    private string[] Settings =>
    [
        "--Storage:Provider=Postgres",
        $"--Storage:ConnectionString={_database}",
        "--Storage:InstanceLease=00:00:03",
        $"--People:Leads:0={LeadId}",
        "--People:DefaultTimeZone=UTC",
    ];

    /// <summary>A group set up by the lead in its channel, joined by <paramref name="count"/> clinicians through either instance.</summary>
    private async Task<List<string>> GroupAsync(BotProcess first, BotProcess second, int count)
    {
        var lead = Person(first.Client, LeadId, "Lee Lead");
        var setUp = lead.Message("<at>AttunementBot</at> set up supervision group " + Group);
        setUp.Conversation = _channel;
        setUp.Entities = [new Mention(lead.Bot, "<at>AttunementBot</at>")];
        await lead.SendAsync(setUp);

        var members = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var person = Person(i % 2 == 0 ? first.Client : second.Client, $"user-{i}", $"Clinician {i}");
            Assert.Contains("You've joined", BotClient.TextOf(await person.SayAsync("join group " + Group)), StringComparison.Ordinal);
            lock (members)
            {
                members.Add(person.Account.Id);
            }
        });

        return members;
    }

    /// <summary>The group's prompt at the next whole minute that is at least 15 s away.</summary>
    private async Task ScheduleForNextMinuteAsync(BotProcess through)
    {
        var soon = DateTimeOffset.UtcNow.AddSeconds(75);
        var at = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, TimeSpan.Zero);
        var lead = Person(through.Client, LeadId, "Lee Lead");
        var answer = BotClient.TextOf(await lead.SayAsync($"schedule daily at {at.ToString("HH:mm", CultureInfo.InvariantCulture)} for group {Group}"));
        Assert.Contains(Group, answer, StringComparison.Ordinal);
    }

    private Conversation Person(BotClient client, string userId, string name)
    {
        var person = new Conversation(client, userId: userId, serviceUrl: _connector.ServiceUrl.ToString());
        person.User.Name = name;
        return person;
    }

    private List<ConnectorCall> Prompts() =>
        [.. _connector.Calls.Where(c => c.Method == "POST" && c.Activity?.Attachments is { Count: > 0 } && c.ConversationId != _channel.Id)];

    private async Task WaitForPromptsAsync(int count, TimeSpan guard) =>
        await WaitUntilAsync(() => Task.FromResult(Prompts().Count >= count), guard);

    /// <summary>A guard against a hang, not a speed target.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan guard, Func<Task<string>>? state = null)
    {
        var until = DateTimeOffset.UtcNow + guard;
        while (!await done())
        {
            if (DateTimeOffset.UtcNow >= until)
            {
                Assert.Fail($"Still waiting after {guard}. {(state is null ? string.Empty : await state())}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<string> StatusesAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, COUNT(*) AS n FROM delivery GROUP BY status) s", connection);
        return (await query.ExecuteScalarAsync())?.ToString() ?? "none";
    }

    /// <summary>The process id in the instance id ("host/pid/guid") that claimed the prompts sent so far.</summary>
    private async Task<int> SendingProcessAsync() =>
        int.Parse(((string)(await ScalarAsync("SELECT owner FROM delivery WHERE status = 'sent' AND owner IS NOT NULL LIMIT 1"))!).Split('/')[1], CultureInfo.InvariantCulture);

    /// <summary>Deliveries the bot has settled: sent, or recorded as possibly sent.</summary>
    private async Task<long> AccountedForAsync() =>
        Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM delivery WHERE status IN ('sent', 'uncertain')"), CultureInfo.InvariantCulture);

    private async Task<long> UncertainAsync() => Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM delivery WHERE status = 'uncertain'"), CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        return await query.ExecuteScalarAsync();
    }

    /// <summary>No window of <paramref name="window"/>, from any arrival, holds more than <paramref name="limit"/>.</summary>
}
