using System.Diagnostics;
using System.Net;
using AttunementBot.Benchmarks.Reporting;
using AttunementBot.People;
using AttunementBot.Scheduling;
using Microsoft.Bot.Schema;
using Activity = Microsoft.Bot.Schema.Activity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.Fanout;

/// <summary>
/// Scheduled prompts to a group of N people through the real scheduler, rate limiter and proactive sender, to a
/// connector over real HTTP that takes 50 ms a call and refuses some calls with 429 + Retry-After. A lead also
/// has 12 prompts due at the same moment in one chat, so the per-conversation limit is exercised too.
/// </summary>
/// <remarks>
/// Clock: at 30 messages a second, 10,000 people take at least 5.6 minutes of real time, mostly the scheduler
/// waiting for the rate window to reopen. Up to 2,000 recipients the run is in real time (the clock is
/// <see cref="TimeProvider.System"/> shifted once so that 13:00 comes at once). Above that, by default, a
/// <see cref="ShiftableClock"/> skips the scheduler's idle waits while everything that takes time (HTTP,
/// SQLite, the scheduler's work) runs and counts in real time; "time to reach everyone" is then bot time, and
/// the run's wall time is reported beside it. <c>--clock real</c> runs every size in real time.
/// </remarks>
public static class FanoutBenchmark
{
    internal const string GroupName = "Everyone";
    internal const string LeadId = "lead-1";
    internal const string LeadConversation = "a:lead-conversation";
    internal const int LeadPrompts = 12;

    /// <summary>A Monday; the prompts are due at 13:00 UTC, two minutes after the start.</summary>
    internal static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 58, 0, TimeSpan.Zero);

    internal static readonly DateTimeOffset Due = Start.AddMinutes(2);

    public static async Task<BenchmarkSection> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runs = new List<FanoutRun>();
        foreach (var recipients in options.Recipients)
        {
            runs.Add(await RunOneAsync(recipients, options.SkipIdleFor(recipients), options, cancellationToken));
        }

        return Report(options, runs);
    }

    private static async Task<FanoutRun> RunOneAsync(int recipients, bool skipIdle, RunOptions options, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("attunementbot-bench-fanout-").FullName;
        try
        {
            var clock = new ShiftableClock(Start);
            await using var connector = await RecordingConnector.StartAsync(clock, options.ConnectorLatency, options.ThrottlePercent / 100, options.RetryAfterSeconds);
            var group = new FixedGroup(GroupName);
            var settings = new Dictionary<string, string?>
            {
                ["People:Leads:0"] = LeadId,
                ["People:DefaultTimeZone"] = "UTC",
                // Retries after a 429 are logged at Information; the console would drown in them.
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:AttunementBot"] = "Warning",
            };
            await using var host = new FanoutHost(folder, clock, group, settings);
            using var client = host.CreateClient();
            var limits = host.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;

            var setup = Stopwatch.StartNew();
            Console.WriteLine($"fanout {recipients}: registering {recipients} people ({(skipIdle ? "skipping idle waits" : "real time")})");
            await SetUpAsync([host.Services.GetRequiredService<IPeopleDirectory>()], [client], group, connector, recipients, cancellationToken);
            setup.Stop();
            var expected = recipients + LeadPrompts;
            Console.WriteLine($"fanout {recipients}: set up in {setup.Elapsed.TotalSeconds:F1} s; delivering {expected} prompts");
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var wall = await DriveAsync(host.Services.GetRequiredService<SchedulerSignal>(), clock, connector, expected, skipIdle, recipients / (double)limits.AppPerSecond, cancellationToken);
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var statuses = await DeliveryStatusesAsync(folder, cancellationToken);
            return Analyse(recipients, skipIdle, limits, [.. connector.Calls], wall, setup.Elapsed, statuses, cpu, options.ConnectorLatency);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Registers the people in the group and has the lead schedule the prompts. With several instances, each person
    /// and each of the lead's messages goes to the next instance in turn, as a load balancer would spread them.
    /// </summary>
    internal static async Task SetUpAsync(
        IReadOnlyList<IPeopleDirectory> directories, IReadOnlyList<HttpClient> clients, FixedGroup group, RecordingConnector connector, int recipients, CancellationToken cancellationToken)
    {
        for (var i = 0; i < recipients; i++)
        {
            var activity = new Activity(
                ActivityTypes.Message,
                id: $"m{i}",
                channelId: "msteams",
                serviceUrl: connector.ServiceUrl.ToString(),
                from: new ChannelAccount($"user-{i}", $"Clinician {i}"),
                recipient: new ChannelAccount("28:attunementbot"),
                conversation: new ConversationAccount(id: $"conv-{i}", conversationType: "personal"));
            await directories[i % directories.Count].RememberAsync(activity, cancellationToken);
            group.Keys.Add($"msteams:user-{i}");
        }

        string[] commands = ["hi", $"schedule daily at 13:00 for group {GroupName}", .. Enumerable.Repeat("remind me daily at 13:00", LeadPrompts)];
        for (var i = 0; i < commands.Length; i++)
        {
            await LeadSaysAsync(clients[i % clients.Count], connector, commands[i], i == 0 ? null : "Done.", cancellationToken);
        }
    }

    /// <summary>Moves time to 13:00, then lets the scheduler work until every prompt is accepted.</summary>
    /// <returns>Wall time from 13:00 until the last prompt was accepted.</returns>
    private static async Task<TimeSpan> DriveAsync(
        SchedulerSignal signal, ShiftableClock clock, RecordingConnector connector, int expected, bool skipIdle, double floorSeconds, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(Math.Max(120, floorSeconds * 4));
        Stopwatch? sinceDue = null;
        var progress = Stopwatch.StartNew();
        while (connector.AcceptedPrompts < expected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sinceDue is null && clock.GetUtcNow() >= Due)
            {
                sinceDue = Stopwatch.StartNew();
            }

            if (sinceDue?.Elapsed > limit)
            {
                throw new TimeoutException($"Only {connector.AcceptedPrompts} of {expected} prompts were accepted in {limit}.");
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  {connector.AcceptedPrompts} of {expected} accepted");
                progress.Restart();
            }

            if (!skipIdle && sinceDue is not null)
            {
                await Task.Delay(20, cancellationToken); // Real time from here: just watch.
                continue;
            }

            // As the scheduling tests do: when the scheduler is idle, go straight to the moment it waits for.
            var idle = signal.WhenIdleAsync();
            if (await Task.WhenAny(idle, Task.Delay(100, cancellationToken)) != idle || signal.NextWake is not { } next)
            {
                continue;
            }

            // The scheduler says it is idle just before it starts its timer: let the timer exist first. Task.Delay
            // rounds its wait down to whole milliseconds, so the timer may be due a little before NextWake.
            for (var waited = 0; waited < 100 && !clock.HasTimerDueBetween(next.AddMilliseconds(-2), next.AddMilliseconds(100)); waited++)
            {
                await Task.Delay(1, cancellationToken);
            }

            signal.ExpectWork();
            clock.SkipTo(next);
        }

        return sinceDue?.Elapsed ?? TimeSpan.Zero;
    }

    private static async Task LeadSaysAsync(HttpClient client, RecordingConnector connector, string text, string? expect, CancellationToken cancellationToken)
    {
        using var content = BotActivity.Message("msteams", LeadId, LeadConversation, text, connector.ServiceUrl.ToString());
        using var response = await client.PostAsync(new Uri("api/messages", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || (expect is not null && !body.Contains(expect, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"The lead's '{text}' got HTTP {(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        }
    }

    private static async Task<Dictionary<string, int>> DeliveryStatusesAsync(string folder, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "attunementbot.db")};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT status, COUNT(*) FROM delivery WHERE kind = 'prompt' GROUP BY status ORDER BY status";
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetString(0)] = reader.GetInt32(1);
        }

        return statuses;
    }

    private static FanoutRun Analyse(
        int recipients, bool skipIdle, SchedulingOptions limits, List<ConnectorCall> calls, TimeSpan wall, TimeSpan setup, Dictionary<string, int> statuses, TimeSpan cpu, TimeSpan latency)
    {
        var prompts = calls.Where(c => c.IsPrompt).ToList();
        var accepted = prompts.Where(c => c.Status == 200).ToList();
        var last = accepted.Max(c => c.At);
        var byConversation = calls.GroupBy(c => c.ConversationId, StringComparer.Ordinal).ToList();
        var duplicates = accepted.GroupBy(c => c.ConversationId, StringComparer.Ordinal)
            .Sum(g => Math.Max(0, g.Count() - (g.Key == LeadConversation ? LeadPrompts : 1)));
        var reached = accepted.Where(c => c.ConversationId.StartsWith("conv-", StringComparison.Ordinal)).Select(c => c.ConversationId).Distinct(StringComparer.Ordinal).Count();
        var expected = recipients + LeadPrompts;
        return new FanoutRun(
            recipients,
            expected,
            skipIdle,
            limits.AppPerSecond,
            TimeToEveryone: last - Due,
            TimeToHalf: accepted.Select(c => c.At).Order().ElementAt(accepted.Count / 2) - Due,
            FirstPrompt: prompts.Min(c => c.At) - Due,
            AppMaxPerSecond: MaxInWindow(calls.Select(c => c.At), TimeSpan.FromSeconds(1)),
            AppMaxAcceptedPerSecond: MaxInWindow(accepted.Select(c => c.At), TimeSpan.FromSeconds(1)),
            ConversationMaxPerSecond: byConversation.Max(g => MaxInWindow(g.Select(c => c.At), TimeSpan.FromSeconds(1))),
            ConversationMaxPer2Seconds: byConversation.Max(g => MaxInWindow(g.Select(c => c.At), TimeSpan.FromSeconds(2))),
            Calls: calls.Count,
            Throttled: calls.Count(c => c.Status == 429),
            Duplicates: duplicates,
            NotReached: recipients - reached,
            Wall: wall,
            Setup: setup,
            Statuses: statuses,
            MaxInFlight: MaxInWindow(calls.Select(c => c.At), latency),
            CpuPerCallMs: cpu.TotalMilliseconds / calls.Count,
            Sends: limits.MaxConcurrentSends);
    }

    /// <summary>The most arrivals in any window of <paramref name="window"/> starting at an arrival.</summary>
    internal static int MaxInWindow(IEnumerable<DateTimeOffset> arrivals, TimeSpan window)
    {
        var times = arrivals.Order().ToArray();
        var max = 0;
        for (int i = 0, j = 0; i < times.Length; i++)
        {
            while (j < times.Length && times[j] - times[i] < window)
            {
                j++;
            }

            max = Math.Max(max, j - i);
        }

        return max;
    }

    private static BenchmarkSection Report(RunOptions options, List<FanoutRun> runs)
    {
        var section = new BenchmarkSection("fanout", "Fan-out: scheduled prompts to a whole group");
        section.Line($"A lead schedules a daily 13:00 prompt for a group of N people (and, in their own chat, {LeadPrompts} prompts at the same moment). "
            + $"The real scheduler, rate limiter and proactive sender post through `CloudAdapter` over real HTTP to a fake connector on 127.0.0.1 "
            + $"that takes {options.ConnectorLatency.TotalMilliseconds:F0} ms per call and answers {options.ThrottlePercent:0.#}% of calls 429 with `Retry-After: {options.RetryAfterSeconds}`. "
            + "Times are from 13:00 to the connector accepting the last prompt. The floor is the app-wide limit: (N + 12) ÷ limit per second. "
            + "Rates are the most calls (429s included) in any 1-second (2-second) window starting at a call. "
            + "Clock: 'real' is real time; 'skip-idle' is real time that jumps over the scheduler's idle waits (work, HTTP and SQLite still take their real time), "
            + "so 10,000 people take minutes of bot time but less wall time.")
            .Line();
        section.Table(
            ["recipients", "clock", "time to reach everyone", "floor", "÷ floor", "half reached", "first prompt", "max app rate /s (accepted)", "max per conversation /1 s, /2 s", "429s", "duplicates", "not reached", "wall time"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                N(r.Recipients),
                r.SkipIdle ? "skip-idle" : "real",
                N(r.TimeToEveryone.TotalSeconds, 1) + " s",
                N(r.Floor.TotalSeconds, 1) + " s",
                N(r.FloorRatio, 2),
                N(r.TimeToHalf.TotalSeconds, 1) + " s",
                N(r.FirstPrompt.TotalSeconds, 2) + " s",
                $"{r.AppMaxPerSecond} ({r.AppMaxAcceptedPerSecond}); limit {r.AppLimit}",
                $"{r.ConversationMaxPerSecond}, {r.ConversationMaxPer2Seconds}; limits 7, 8",
                N(r.Throttled),
                N(r.Duplicates),
                N(r.NotReached),
                N(r.Wall.TotalSeconds, 1) + " s",
            ]));
        section.Line("Prompt deliveries recorded by the bot: " + string.Join("; ", runs.Select(r => $"{N(r.Recipients)}: " + string.Join(", ", r.Statuses.Select(s => $"{s.Key} {N(s.Value)}")))) + ".");
        section.Line("Most calls in flight at the connector at once (arrivals within one latency): " + string.Join("; ", runs.Select(r => $"{N(r.Recipients)}: {r.MaxInFlight} (the scheduler allows {r.Sends})")) + ". "
            + "CPU of the whole benchmark process (bot, scheduler and fake connector) per connector call: " + string.Join("; ", runs.Select(r => $"{N(r.Recipients)}: {Ms(r.CpuPerCallMs)}")) + ".");
        section.Line("Setting up (registering the people, the lead's commands): " + string.Join("; ", runs.Select(r => $"{N(r.Recipients)}: {N(r.Setup.TotalSeconds, 1)} s")) + ".");
        section.Figures["latencyMs"] = options.ConnectorLatency.TotalMilliseconds;
        section.Figures["throttlePercent"] = options.ThrottlePercent;
        section.Figures["runs"] = runs.Select(r => new Dictionary<string, object>
        {
            ["recipients"] = r.Recipients,
            ["prompts"] = r.Expected,
            ["clock"] = r.SkipIdle ? "skip-idle" : "real",
            ["secondsToEveryone"] = r.TimeToEveryone.TotalSeconds,
            ["floorSeconds"] = r.Floor.TotalSeconds,
            ["floorRatio"] = r.FloorRatio,
            ["secondsToHalf"] = r.TimeToHalf.TotalSeconds,
            ["secondsToFirstPrompt"] = r.FirstPrompt.TotalSeconds,
            ["appLimitPerSecond"] = r.AppLimit,
            ["appMaxPerSecond"] = r.AppMaxPerSecond,
            ["appMaxAcceptedPerSecond"] = r.AppMaxAcceptedPerSecond,
            ["conversationMaxPerSecond"] = r.ConversationMaxPerSecond,
            ["conversationMaxPer2Seconds"] = r.ConversationMaxPer2Seconds,
            ["connectorCalls"] = r.Calls,
            ["throttled429"] = r.Throttled,
            ["duplicates"] = r.Duplicates,
            ["notReached"] = r.NotReached,
            ["wallSeconds"] = r.Wall.TotalSeconds,
            ["setupSeconds"] = r.Setup.TotalSeconds,
            ["deliveryStatuses"] = r.Statuses,
            ["maxCallsInFlight"] = r.MaxInFlight,
            ["cpuMsPerConnectorCall"] = r.CpuPerCallMs,
        }).ToList();
        return section;
    }

    private sealed record FanoutRun(
        int Recipients, int Expected, bool SkipIdle, int AppLimit, TimeSpan TimeToEveryone, TimeSpan TimeToHalf, TimeSpan FirstPrompt,
        int AppMaxPerSecond, int AppMaxAcceptedPerSecond, int ConversationMaxPerSecond, int ConversationMaxPer2Seconds,
        int Calls, int Throttled, int Duplicates, int NotReached, TimeSpan Wall, TimeSpan Setup, Dictionary<string, int> Statuses,
        int MaxInFlight, double CpuPerCallMs, int Sends)
    {
        public TimeSpan Floor => TimeSpan.FromSeconds(Expected / (double)AppLimit);

        public double FloorRatio => TimeToEveryone / Floor;
    }
}
