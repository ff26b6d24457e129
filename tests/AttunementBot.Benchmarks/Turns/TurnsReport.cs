using AttunementBot.Benchmarks.Reporting;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>One contender at one concurrency, over every round: pooled figures, and per-round ratios to echo.</summary>
public sealed class Aggregate
{
    public Aggregate(string contender, int concurrency, IReadOnlyList<RoundSample> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        Contender = contender;
        Concurrency = concurrency;
        Rounds = rounds;
        foreach (var round in rounds)
        {
            Latencies.AddRange(round.Load.Latencies);
        }
    }

    public string Contender { get; }

    public int Concurrency { get; }

    public IReadOnlyList<RoundSample> Rounds { get; }

    public Latencies Latencies { get; } = new();

    public int Turns => Rounds.Sum(r => r.Load.Turns);

    public double Seconds => Rounds.Sum(r => r.Seconds);

    public double TurnsPerSecond => Turns / Seconds;

    public double CpuPerTurnMs => Rounds.Sum(r => r.Cpu.TotalMilliseconds) / Turns;

    public double Cores => Rounds.Sum(r => r.Cpu.TotalSeconds) / Seconds;

    public double OtherCores => Rounds.Sum(r => r.OtherCores * r.Seconds) / Seconds;

    public double MaxOtherCores => Rounds.Max(r => r.OtherCores);

    public double DriverCores => Rounds.Sum(r => r.DriverCpu.TotalSeconds) / Seconds;

    public double IdleContendersCores => Rounds.Sum(r => r.IdleContendersCpu.TotalSeconds) / Seconds;

    public int Errors => Rounds.Sum(r => r.Load.Errors);

    public int Unexpected => Rounds.Sum(r => r.Load.Unexpected);

    public int Reflections => Rounds.Sum(r => r.Load.Reflections);

    public string? FirstProblem => Rounds.Select(r => r.Load.FirstProblem).FirstOrDefault(p => p is not null);

    /// <summary>This contender's throughput over echo's in each round (the two ran in the same round, a few seconds apart).</summary>
    public IReadOnlyList<double> RoundRatios(Aggregate echo) =>
        [.. Rounds.Join(echo.Rounds, r => r.Round, r => r.Round, (mine, theirs) => mine.Load.TurnsPerSecond / theirs.Load.TurnsPerSecond).Order()];
}

/// <summary>The turns section: ratios to echo first, then the figures behind them, then how noisy the machine was.</summary>
public static class TurnsReport
{
    private const double ThroughputTarget = 0.75;
    private const double P99Target = 1.5;
    private const int P99TargetConcurrency = 32;
    private const double StatementsTarget = 6;
    private const double CommitsTarget = 1;
    private const double MemoryTargetBytes = 20 * 1024;

    /// <summary>Other processes' mean CPU above which a run is called noisy.</summary>
    private const double NoisyCores = 0.25;

    public static BenchmarkSection Build(
        RunOptions options, IReadOnlyList<Contender> contenders, IReadOnlyList<Warmup> warmups, IReadOnlyList<RoundSample> samples,
        StorageCounts counts, OpenConversations? open, IReadOnlyList<Peaks> peaks, RunLoad machine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contenders);
        ArgumentNullException.ThrowIfNull(warmups);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(peaks);
        ArgumentNullException.ThrowIfNull(machine);

        var names = contenders.ToDictionary(c => c.Key, c => c.Name);
        var byLevel = options.Concurrency.ToDictionary(
            c => c,
            c => contenders.ToDictionary(k => k.Key, k => new Aggregate(k.Key, c, [.. samples.Where(s => s.Concurrency == c && s.Contender == k.Key)])));

        var section = new BenchmarkSection("turns", "Turns: the reflection bot, a floor server and the stock echo bot, side by side");
        section.Line($"Each server runs in its own process on Kestrel over loopback: the **reflection bot** (its own build, SQLite state in a fresh folder), "
            + "a **floor server** (the stock echo host plus one state read and one durable write per turn, on SQLite with the bot's settings: WAL, synchronous NORMAL, "
            + "pooled Microsoft.Data.Sqlite connections) and the **stock echo bot** (`CloudAdapter` + `ActivityHandler`, the framework as its users get it). "
            + "Each simulated clinician types a whole reflection on Teams (12 turns: the steps, the summary, repair language, done; the floor and echo servers get the same words) "
            + "and starts again; each turn is one POST to /api/messages with `deliveryMode: expectReplies`, and every reply is checked. "
            + $"All three run side by side and are loaded one at a time, {options.Round.TotalSeconds:F0} s each, in {options.Rounds} rounds per concurrency, "
            + "the order rotated every round (A B C, B C A, C A B, ...), after each warmed up for at least "
            + $"{options.Warmup.TotalSeconds:F0} s and until its CPU per turn settled. The load driver shares the machine's {Environment.ProcessorCount} cores.")
            .Line();

        if (options.Quick)
        {
            section.Line("**Quick smoke run: too short to trust; run without `--quick` for figures to compare.**").Line();
        }

        // The ratios first: they are what the run is for, and what a noisy machine disturbs least.
        section.Line($"**Against the stock echo bot in the same run** (issue 9's targets: throughput at least {ThroughputTarget}× echo; p99 at {P99TargetConcurrency} at once at most {P99Target}× echo's):").Line();
        var ratioRows = new List<IReadOnlyList<string>>();
        var ratioFigures = new Dictionary<string, object>();
        foreach (var (level, aggregates) in byLevel)
        {
            var echo = aggregates["echo"];
            foreach (var key in new[] { "reflection", "floor" })
            {
                var mine = aggregates[key];
                var rounds = mine.RoundRatios(echo);
                var throughput = mine.TurnsPerSecond / echo.TurnsPerSecond;
                var p99 = mine.Latencies.Percentile(99) / echo.Latencies.Percentile(99);
                var cpu = mine.CpuPerTurnMs / echo.CpuPerTurnMs;
                ratioRows.Add([
                    N(level), names[key],
                    $"**{N(throughput, 2)}**" + Mark(throughput >= ThroughputTarget),
                    rounds.Count == 0 ? "-" : $"{N(rounds[0], 2)} – {N(Median(rounds), 2)} – {N(rounds[^1], 2)}",
                    $"**{N(p99, 2)}**" + (level == P99TargetConcurrency ? Mark(p99 <= P99Target) : string.Empty),
                    N(mine.Latencies.Percentile(50) / echo.Latencies.Percentile(50), 2),
                    N(cpu, 2),
                ]);
                ratioFigures[$"{key}@{level}"] = new Dictionary<string, object>
                {
                    ["turnsPerSecond"] = throughput,
                    ["turnsPerSecondByRound"] = rounds,
                    ["p50"] = mine.Latencies.Percentile(50) / echo.Latencies.Percentile(50),
                    ["p95"] = mine.Latencies.Percentile(95) / echo.Latencies.Percentile(95),
                    ["p99"] = p99,
                    ["cpuPerTurn"] = cpu,
                };
            }
        }

        section.Table(["at once", "server", "throughput ÷ echo", "per round: lowest – median – highest", "p99 ÷ echo", "p50 ÷ echo", "CPU per turn ÷ echo"], ratioRows);

        section.Line($"**SQLite per reflection turn** (target at most {StatementsTarget} statements and {CommitsTarget} commit): "
            + (counts.NotInstrumented is { } why
                ? why + "."
                : $"**{N(counts.StatementsPerTurn, 2)} statements{Mark(counts.StatementsPerTurn <= StatementsTarget)}, {N(counts.CommitsPerTurn, 2)} commits{Mark(counts.CommitsPerTurn <= CommitsTarget)}** "
                    + $"(counted in-process by the bot's `{StorageCounts.MeterName}` meter over {counts.Reflections} whole reflections, {N(counts.Turns)} turns; per kind of turn below)."));
        if (open is not null)
        {
            section.Line().Line($"**Memory per active conversation** (target at most {N(MemoryTargetBytes / 1024)} KiB): "
                + $"**{N(open.PrivatePerConversation / 1024, 1)} KiB** in the bot's process{Mark(open.PrivatePerConversation <= MemoryTargetBytes)} "
                + $"and {N(open.DatabaseBytes / (double)open.Count / 1024, 1)} KiB in SQLite per conversation left mid-reflection "
                + $"({N(open.Count)} of them; private memory, settled, {MiB(open.Before.Private)} → {MiB(open.After.Private)}).");
        }

        var others = samples.Count == 0 ? double.NaN : samples.Sum(s => s.OtherCores * s.Seconds) / samples.Sum(s => s.Seconds);
        var maxOthers = samples.Count == 0 ? double.NaN : samples.Max(s => s.OtherCores);
        var loads = samples.Select(s => s.LoadAverage).Append(machine.LoadAverageBefore).Append(machine.LoadAverageAfter).ToList();
        section.Line().Line($"**How noisy the machine was:** 1-minute load average {N(machine.LoadAverageBefore, 2)} before, {N(machine.LoadAverageAfter, 2)} after, "
            + $"{N(loads.Min(), 2)} – {N(loads.Max(), 2)} across the rounds; other processes (not the three servers, not the load driver) kept {N(others, 2)} of "
            + $"{Environment.ProcessorCount} cores busy on average during the timed rounds, {N(maxOthers, 2)} in the busiest round"
            + (samples.Any(s => s.StealCores > 0.01) ? $"; the hypervisor took {N(samples.Max(s => s.StealCores), 2)} cores (steal) at most" : string.Empty)
            + $". The whole run took {N(machine.Elapsed.TotalMinutes, 1)} min.")
            .Line();
        if (others > NoisyCores)
        {
            // Under contention the scheduler, not the server, decides much of a server's throughput; CPU time per turn is its own.
            section.Line($"**Noisy run:** other processes held more than {N(NoisyCores, 2)} cores, so throughput and latency ratios say less than usual; "
                + "CPU per turn (each server's own CPU time over its own turns) is the steadiest comparison.").Line();
        }

        var order = contenders.Select(c => c.Key).ToList();
        foreach (var (level, aggregates) in byLevel)
        {
            section.Line($"{level} conversations at once, {options.Rounds} × {options.Round.TotalSeconds:F0} s per server:").Line();
            IReadOnlyList<string> Row(string label, Func<Aggregate, string> cell) => [label, .. order.Select(k => cell(aggregates[k]))];
            section.Table(
                ["", .. order.Select(k => names[k])],
                [
                    Row("turns per second", a => N(a.TurnsPerSecond)),
                    Row("latency p50", a => Ms(a.Latencies.Percentile(50))),
                    Row("latency p95", a => Ms(a.Latencies.Percentile(95))),
                    Row("latency p99", a => Ms(a.Latencies.Percentile(99))),
                    Row("server CPU per turn", a => Ms(a.CpuPerTurnMs)),
                    Row($"server CPU (cores busy, of {Environment.ProcessorCount})", a => N(a.Cores, 2)),
                    Row("load driver CPU (cores)", a => N(a.DriverCores, 2)),
                    Row("the idle servers' CPU (cores)", a => N(a.IdleContendersCores, 2)),
                    Row("other processes' CPU (cores, mean / busiest round)", a => $"{N(a.OtherCores, 2)} / {N(a.MaxOtherCores, 2)}"),
                    Row("turns measured", a => N(a.Turns)),
                    Row("reflections completed", a => a.Contender == "reflection" ? N(a.Reflections) : "-"),
                    Row("errors / unexpected replies", a => $"{a.Errors} / {a.Unexpected}"),
                ]);
        }

        if (counts.NotInstrumented is null)
        {
            section.Line("SQLite statements and commits by line of the script (what the clinician typed; per turn, mean over the reflections, with the line's lowest and highest when they differ; a line the bot answered with \"Since last time\" is that many turns more):").Line();
            section.Table(
                ["line", "turns", "statements per turn", "commits per turn"],
                counts.Kinds.Select(k => (IReadOnlyList<string>)[$"`{k.Text}`", N(k.Turns), Counted(k.Statements, k.Turns, k.MinStatements, k.MaxStatements), Counted(k.Commits, k.Turns, k.MinCommits, k.MaxCommits)]));
            if (counts.OutsideTurnsStatements > 0)
            {
                section.Line($"Outside any turn (background services) during the count: {counts.OutsideTurnsStatements} statements, {counts.OutsideTurnsCommits} commits.").Line();
            }
        }

        section.Table(
            ["memory and threads, whole run", .. order.Select(k => names[k])],
            [
                ["peak working set (VmHWM)", .. order.Select(k => MiB(peaks.Single(p => p.Contender == k).WorkingSet))],
                ["peak private memory (RssAnon)", .. order.Select(k => MiB(peaks.Single(p => p.Contender == k).Private))],
                ["peak threads", .. order.Select(k => N(peaks.Single(p => p.Contender == k).Threads))],
            ]);

        section.Line("Warm-up, CPU per turn in each window (tiered JIT settles over the first minute or so):").Line();
        foreach (var warmup in warmups)
        {
            section.Line($"- {names[warmup.Contender]}: {N(warmup.Elapsed.TotalSeconds)} s, {string.Join(", ", warmup.CpuPerTurnMs.Select(Ms))}"
                + (warmup.Settled ? " (settled)" : " (still moving at the cap: treat its CPU figures with care)"));
        }

        if (byLevel.Values.SelectMany(a => a.Values).Select(a => a.FirstProblem).FirstOrDefault(p => p is not null) is { } problem)
        {
            section.Line().Line($"First problem seen: {problem}");
        }

        Figures(section, options, byLevel, ratioFigures, counts, open, peaks, warmups, samples, machine);
        return section;
    }

    private static void Figures(
        BenchmarkSection section, RunOptions options, Dictionary<int, Dictionary<string, Aggregate>> byLevel, Dictionary<string, object> ratios,
        StorageCounts counts, OpenConversations? open, IReadOnlyList<Peaks> peaks, IReadOnlyList<Warmup> warmups, IReadOnlyList<RoundSample> samples, RunLoad machine)
    {
        section.Figures["quick"] = options.Quick;
        section.Figures["concurrency"] = options.Concurrency;
        section.Figures["warmupSeconds"] = options.Warmup.TotalSeconds;
        section.Figures["roundSeconds"] = options.Round.TotalSeconds;
        section.Figures["roundsPerConcurrency"] = options.Rounds;
        section.Figures["ratioToEcho"] = ratios;
        section.Figures["servers"] = byLevel.SelectMany(l => l.Value.Values).ToDictionary(a => $"{a.Contender}@{a.Concurrency}", a => new Dictionary<string, object>
        {
            ["turnsPerSecond"] = a.TurnsPerSecond,
            ["turns"] = a.Turns,
            ["reflectionsCompleted"] = a.Reflections,
            ["errors"] = a.Errors,
            ["unexpectedReplies"] = a.Unexpected,
            ["p50Ms"] = a.Latencies.Percentile(50),
            ["p95Ms"] = a.Latencies.Percentile(95),
            ["p99Ms"] = a.Latencies.Percentile(99),
            ["meanMs"] = a.Latencies.Mean(),
            ["cpuMsPerTurn"] = a.CpuPerTurnMs,
            ["cpuCores"] = a.Cores,
            ["driverCpuCores"] = a.DriverCores,
            ["idleServersCpuCores"] = a.IdleContendersCores,
            ["otherProcessesCpuCores"] = a.OtherCores,
        });
        section.Figures["storagePerTurn"] = counts.NotInstrumented is { } why
            ? new Dictionary<string, object> { ["notInstrumented"] = why }
            : new Dictionary<string, object>
            {
                ["statements"] = counts.StatementsPerTurn,
                ["commits"] = counts.CommitsPerTurn,
                ["reflections"] = counts.Reflections,
                ["byTurn"] = counts.Kinds.ToDictionary(k => k.Text, k => new[] { k.Statements / (double)k.Turns, k.Commits / (double)k.Turns }),
            };
        if (open is not null)
        {
            section.Figures["openConversations"] = open.Count;
            section.Figures["memoryPerActiveConversationBytes"] = open.PrivatePerConversation;
            section.Figures["databaseBytesPerActiveConversation"] = open.DatabaseBytes / (double)open.Count;
        }

        section.Figures["peaks"] = peaks.ToDictionary(p => p.Contender, p => new Dictionary<string, long>
        {
            ["workingSetBytes"] = p.WorkingSet,
            ["privateBytes"] = p.Private,
            ["threads"] = p.Threads,
        });
        WarmupAndMachineFigures(section, warmups, machine);
        section.Figures["roundSamples"] = samples.Select(s => new Dictionary<string, object>
        {
            ["server"] = s.Contender,
            ["concurrency"] = s.Concurrency,
            ["round"] = s.Round,
            ["position"] = s.Position,
            ["turnsPerSecond"] = s.Load.TurnsPerSecond,
            ["p99Ms"] = s.Load.Latencies.Percentile(99),
            ["cpuMsPerTurn"] = s.CpuPerTurnMs,
            ["otherProcessesCpuCores"] = s.OtherCores,
            ["stealCores"] = s.StealCores,
            ["loadAverage"] = s.LoadAverage,
        }).ToList();
    }

    /// <summary>Each contender's warm-up and the machine around the run, as every interleaved part records them.</summary>
    internal static void WarmupAndMachineFigures(BenchmarkSection section, IReadOnlyList<Warmup> warmups, RunLoad machine)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(warmups);
        ArgumentNullException.ThrowIfNull(machine);
        section.Figures["warmup"] = warmups.ToDictionary(w => w.Contender, w => new Dictionary<string, object>
        {
            ["seconds"] = w.Elapsed.TotalSeconds,
            ["cpuMsPerTurnByWindow"] = w.CpuPerTurnMs,
            ["settled"] = w.Settled,
        });
        section.Figures["machine"] = new Dictionary<string, object>
        {
            ["loadAverageBefore"] = machine.LoadAverageBefore,
            ["loadAverageAfter"] = machine.LoadAverageAfter,
            ["runMinutes"] = machine.Elapsed.TotalMinutes,
        };
    }

    private static string Mark(bool met) => met ? " ✓" : " ✗";

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Counted(long total, int turns, long min, long max) =>
        min == max ? N(total / (double)turns, 1) : $"{N(total / (double)turns, 1)} (line: {min} – {max})";
}
