using System.Diagnostics;
using AttunementBot.Benchmarks.Fanout;
using AttunementBot.People;
using AttunementBot.Scheduling;
using AttunementBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AttunementBot.Benchmarks.ScaleOut;

/// <summary>What a fan-out on PostgreSQL did: against the rate-limit floor, and which instance sent.</summary>
public sealed record ScaleOutFanoutRun(
    int Instances, int Recipients, int Expected, int AppLimit, TimeSpan TimeToEveryone, TimeSpan FirstPrompt, int AppMaxPerSecond, int AppMaxAcceptedPerSecond, int Calls, int Throttled,
    int Duplicates, int NotReached, IReadOnlyList<int> SentByInstance, int SentByNone, IReadOnlyDictionary<string, int> Statuses, TimeSpan Setup, TimeSpan DatabaseCpu)
{
    public TimeSpan Floor => TimeSpan.FromSeconds(Expected / (double)AppLimit);

    public double FloorRatio => TimeToEveryone / Floor;
}

/// <summary>
/// The fan-out part's group prompt (Fanout/FanoutBenchmark: the same people, lead, fake connector and clock) on one
/// PostgreSQL schema, with one instance of the bot or several, hosted in this process. The people and the lead's
/// commands are spread over the instances; the scheduler sends from whichever holds the leader lock, and the others must
/// send nothing. Real time from 13:00 (the two minutes before it are skipped once the leader has planned them).
/// </summary>
public static class ScaleOutFanout
{
    public static async Task<ScaleOutFanoutRun> RunAsync(PostgresServer server, int instances, int recipients, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateTempSubdirectory("attunementbot-bench-scaleout-fanout-").FullName;
        var hosts = new List<FanoutHost>();
        var clients = new List<HttpClient>();
        try
        {
            var database = await server.NewSchemaAsync($"fanout{instances}", 50, cancellationToken);
            var clock = new ShiftableClock(FanoutBenchmark.Start);
            await using var connector = await RecordingConnector.StartAsync(clock, options.ConnectorLatency, options.ThrottlePercent / 100, options.RetryAfterSeconds);
            var group = new FixedGroup(FanoutBenchmark.GroupName);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = database,
                ["People:Leads:0"] = FanoutBenchmark.LeadId,
                ["People:DefaultTimeZone"] = "UTC",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:AttunementBot"] = "Warning",
            };

            for (var i = 0; i < instances; i++)
            {
                // One data folder: instances of one installation share the key ring kept there.
                hosts.Add(new FanoutHost(folder, clock, group, settings));
                clients.Add(hosts[^1].CreateClient());
            }

            var limits = hosts[0].Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
            var setup = Stopwatch.StartNew();
            Console.WriteLine($"scaleout fan-out: registering {recipients} people with {instances} instance(s) on PostgreSQL");
            await FanoutBenchmark.SetUpAsync(
                [.. hosts.Select(h => h.Services.GetRequiredService<IPeopleDirectory>())], clients, group, connector, recipients, cancellationToken);
            setup.Stop();
            var expected = recipients + FanoutBenchmark.LeadPrompts;
            Console.WriteLine($"scaleout fan-out: set up in {setup.Elapsed.TotalSeconds:F1} s; delivering {expected} prompts");

            var databaseBefore = server.CpuTime();
            await SkipToDueAsync([.. hosts.Select(h => h.Services.GetRequiredService<SchedulerSignal>())], clock, cancellationToken);
            await WatchAsync(connector, expected, expected / (double)limits.AppPerSecond, cancellationToken);

            // A send still in flight on another instance would show up as a duplicate: give it time to arrive.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var databaseCpu = server.CpuTime() - databaseBefore;
            var (statuses, senders) = await DeliveriesAsync(database, cancellationToken);
            var ids = hosts.Select(h => h.Services.GetRequiredService<BotInstance>().Id).ToList();
            return Analyse(instances, recipients, expected, limits.AppPerSecond, [.. connector.Calls], statuses, senders, ids, setup.Elapsed, databaseCpu);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Until 13:00, whenever the leading instance's scheduler waits for a moment, go straight to it (as FanoutBenchmark
    /// does before 13:00). Only the leader waits on its signal; the other instance only asks to lead, in real time.
    /// </summary>
    private static async Task SkipToDueAsync(IReadOnlyList<SchedulerSignal> signals, ShiftableClock clock, CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        while (clock.GetUtcNow() < FanoutBenchmark.Due)
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Neither instance's scheduler waited for 13:00 within a minute (they wait for {string.Join(", ", signals.Select(s => s.NextWake?.ToString("O") ?? "nothing"))}).");
            }

            foreach (var signal in signals)
            {
                // A wake well after 13:00 means this leader has not yet seen the schedule made through the other instance:
                // it looks again within seconds, and jumping past 13:00 now would make every prompt late. (NextWake itself
                // is a few microseconds after the moment asked for: it is computed a little later.)
                if (signal.NextWake is { } next && next <= FanoutBenchmark.Due.AddSeconds(1) && clock.HasTimerDueBetween(next.AddMilliseconds(-2), next.AddMilliseconds(100)))
                {
                    signal.ExpectWork();
                    clock.SkipTo(next);
                }
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private static async Task WatchAsync(RecordingConnector connector, int expected, double floorSeconds, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(120, floorSeconds * 4));
        var since = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        while (connector.AcceptedPrompts < expected)
        {
            if (since.Elapsed > limit)
            {
                throw new TimeoutException($"Only {connector.AcceptedPrompts} of {expected} prompts were accepted in {limit}.");
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  {connector.AcceptedPrompts} of {expected} accepted");
                progress.Restart();
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Prompt deliveries by status, and sent prompts by the instance that claimed them (delivery.owner).</summary>
    private static async Task<(Dictionary<string, int> Statuses, Dictionary<string, int> Senders)> DeliveriesAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT status, COALESCE(owner, ''), COUNT(*)::int FROM delivery WHERE kind = 'prompt' GROUP BY status, owner", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var senders = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (status, owner, count) = (reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
            statuses[status] = statuses.GetValueOrDefault(status) + count;
            if (status == "sent")
            {
                senders[owner] = senders.GetValueOrDefault(owner) + count;
            }
        }

        return (statuses, senders);
    }

    private static ScaleOutFanoutRun Analyse(
        int instances, int recipients, int expected, int appLimit, List<ConnectorCall> calls, Dictionary<string, int> statuses, Dictionary<string, int> senders,
        List<string> ids, TimeSpan setup, TimeSpan databaseCpu)
    {
        var accepted = calls.Where(c => c.IsPrompt && c.Status == 200).ToList();
        var perConversation = accepted.GroupBy(c => c.ConversationId, StringComparer.Ordinal).ToList();
        var allowed = (string conversation) => conversation == FanoutBenchmark.LeadConversation ? FanoutBenchmark.LeadPrompts : 1;
        var reached = perConversation.Count(g => g.Key.StartsWith("conv-", StringComparison.Ordinal));
        return new ScaleOutFanoutRun(
            instances,
            recipients,
            expected,
            appLimit,
            TimeToEveryone: accepted.Max(c => c.At) - FanoutBenchmark.Due,
            FirstPrompt: calls.Where(c => c.IsPrompt).Min(c => c.At) - FanoutBenchmark.Due,
            AppMaxPerSecond: FanoutBenchmark.MaxInWindow(calls.Select(c => c.At), TimeSpan.FromSeconds(1)),
            AppMaxAcceptedPerSecond: FanoutBenchmark.MaxInWindow(accepted.Select(c => c.At), TimeSpan.FromSeconds(1)),
            Calls: calls.Count,
            Throttled: calls.Count(c => c.Status == 429),
            Duplicates: perConversation.Sum(g => Math.Max(0, g.Count() - allowed(g.Key))),
            NotReached: recipients - reached,
            SentByInstance: [.. ids.Select(id => senders.GetValueOrDefault(id))],
            SentByNone: senders.Where(s => !ids.Contains(s.Key)).Sum(s => s.Value),
            Statuses: statuses,
            Setup: setup,
            DatabaseCpu: databaseCpu);
    }
}
