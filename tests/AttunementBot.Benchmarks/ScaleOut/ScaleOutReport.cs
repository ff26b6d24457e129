using AttunementBot.Benchmarks.Reporting;
using AttunementBot.Benchmarks.Turns;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.ScaleOut;

/// <summary>One contender at one concurrency: the turns part's pooled figures plus PostgreSQL's and the balancer's CPU.</summary>
public sealed class ScaleOutAggregate(string contender, int concurrency, IReadOnlyList<ScaleOutSample> samples)
{
    public Aggregate Turns { get; } = new(contender, concurrency, [.. samples.Select(s => s.Round)]);

    public double DatabaseCpuPerTurnMs => samples.Sum(s => s.DatabaseCpu.TotalMilliseconds) / Turns.Turns;

    public double ProxyCpuPerTurnMs => samples.Sum(s => s.ProxyCpu.TotalMilliseconds) / Turns.Turns;

    /// <summary>The bot's own processes, the balancer left out.</summary>
    public double InstancesCpuPerTurnMs => Turns.CpuPerTurnMs - ProxyCpuPerTurnMs;

    public double DriverCpuPerTurnMs => samples.Sum(s => s.Round.DriverCpu.TotalMilliseconds) / Turns.Turns;

    public double DatabaseCores => samples.Sum(s => s.DatabaseCpu.TotalSeconds) / Turns.Seconds;

    public double OtherCores => samples.Sum(s => s.OtherCores * s.Round.Seconds) / Turns.Seconds;

    public double MaxOtherCores => samples.Max(s => s.OtherCores);
}

/// <summary>
/// The scale-out section: the ratios, the figures behind them, how busy the machine was, then what the CPU per turn
/// predicts for free cores (this machine has two, shared by everything), then the fan-out with two instances and one.
/// </summary>
public static class ScaleOutReport
{
    private const double TwoInstancesTarget = 1.6;
    private const double FloorTarget = 1.15;
    private static readonly int[] PredictedCores = [1, 2, 4];

    public static BenchmarkSection Build(
        RunOptions options, PostgresServer server, IReadOnlyList<Warmup> warmups, IReadOnlyList<ScaleOutSample> samples, IReadOnlyList<ScaleOutFanoutRun> fanout, RunLoad machine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(warmups);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fanout);
        ArgumentNullException.ThrowIfNull(machine);
        string[] order = ["echo", "sqlite", "postgres1", "postgres2"];
        var names = new Dictionary<string, string>
        {
            ["echo"] = "echo bot",
            ["sqlite"] = "bot on SQLite",
            ["postgres1"] = "PostgreSQL, 1 instance",
            ["postgres2"] = "PostgreSQL, 2 instances",
        };
        var byLevel = options.Concurrency.ToDictionary(
            c => c,
            c => order.ToDictionary(k => k, k => new ScaleOutAggregate(k, c, [.. samples.Where(s => s.Round.Concurrency == c && s.Round.Contender == k)])));

        var section = new BenchmarkSection("scaleout", "Scale-out: the bot on PostgreSQL, one instance and two, beside SQLite and the stock echo bot");
        section.Line($"Four contenders, each its own processes on Kestrel over loopback: the **stock echo bot**, the **bot on SQLite**, and the bot on **PostgreSQL {server.Version}** "
            + "as **one instance** and as **two instances on one schema** (one data folder, so one key ring), both behind a round-robin YARP load balancer "
            + "in a process of its own (one instance goes through it too, so the two-to-one ratio is the second instance's alone; round robin sends one "
            + "conversation's turns to both instances in turn). Each contender has a schema of its own. Each simulated clinician types the turns part's whole reflection "
            + $"and starts again. The contenders are loaded one at a time, {options.Round.TotalSeconds:F0} s each, {options.Rounds} rounds per concurrency, "
            + $"the order rotated every round (A B C D, B C D A, ...), after each warmed up for at least {options.Warmup.TotalSeconds:F0} s and until its CPU per turn settled. "
            + "**Bot CPU** is the sum over a contender's processes (the balancer included); **database CPU** is PostgreSQL's own processes' (postmaster and backends) "
            + $"during the contender's window. Everything, the load driver and PostgreSQL included, shares this machine's {Environment.ProcessorCount} cores.")
            .Line();
        if (options.Quick)
        {
            section.Line("**Quick smoke run: too short to trust; run without `--quick` for figures to compare.**").Line();
        }

        if (!server.CpuMeasured)
        {
            section.Line("**PostgreSQL runs on another machine: its CPU is not measured here**, so database CPU shows 0 and the prediction below leaves it out.").Line();
        }

        section.Line($"**Ratios in the same run** (issue 11's target: two instances at least {TwoInstancesTarget}× one, once the machine is not the limit; see the prediction below):").Line();
        var ratioRows = new List<IReadOnlyList<string>>();
        var ratios = new Dictionary<string, object>();
        foreach (var (level, a) in byLevel)
        {
            var echo = a["echo"].Turns;
            var one = a["postgres1"].Turns;
            var two = a["postgres2"].Turns;
            var byRound = two.RoundRatios(one);
            var twoToOne = two.TurnsPerSecond / one.TurnsPerSecond;
            ratioRows.Add([
                N(level),
                $"**{N(twoToOne, 2)}**",
                byRound.Count == 0 ? "-" : $"{N(byRound[0], 2)} – {N(byRound[byRound.Count / 2], 2)} – {N(byRound[^1], 2)}",
                N(a["sqlite"].Turns.TurnsPerSecond / echo.TurnsPerSecond, 2),
                N(one.TurnsPerSecond / echo.TurnsPerSecond, 2),
                N(two.TurnsPerSecond / echo.TurnsPerSecond, 2),
                N(one.TurnsPerSecond / a["sqlite"].Turns.TurnsPerSecond, 2),
            ]);
            ratios[N(level)] = new Dictionary<string, object>
            {
                ["twoToOneInstance"] = twoToOne,
                ["twoToOneInstanceByRound"] = byRound,
                ["sqliteToEcho"] = a["sqlite"].Turns.TurnsPerSecond / echo.TurnsPerSecond,
                ["postgres1ToEcho"] = one.TurnsPerSecond / echo.TurnsPerSecond,
                ["postgres2ToEcho"] = two.TurnsPerSecond / echo.TurnsPerSecond,
                ["postgres1ToSqlite"] = one.TurnsPerSecond / a["sqlite"].Turns.TurnsPerSecond,
            };
        }

        section.Table(
            ["at once", "2 instances ÷ 1 (PostgreSQL)", "per round: lowest – median – highest", "SQLite ÷ echo", "PostgreSQL 1 ÷ echo", "PostgreSQL 2 ÷ echo", "PostgreSQL 1 ÷ SQLite"],
            ratioRows);

        var all = samples.Select(s => s.Round).ToList();
        var others = all.Count == 0 ? double.NaN : samples.Sum(s => s.OtherCores * s.Round.Seconds) / all.Sum(s => s.Seconds);
        var loads = all.Select(s => s.LoadAverage).Append(machine.LoadAverageBefore).Append(machine.LoadAverageAfter).ToList();
        section.Line($"**How busy the machine was:** 1-minute load average {N(machine.LoadAverageBefore, 2)} before, {N(machine.LoadAverageAfter, 2)} after, "
            + $"{N(loads.Min(), 2)} – {N(loads.Max(), 2)} across the rounds; other processes (not the contenders, the load driver or PostgreSQL) kept {N(others, 2)} of "
            + $"{Environment.ProcessorCount} cores busy on average during the timed rounds, {N(samples.Count == 0 ? double.NaN : samples.Max(s => s.OtherCores), 2)} in the busiest round. "
            + $"The whole part took {N(machine.Elapsed.TotalMinutes, 1)} min.")
            .Line();

        foreach (var (level, a) in byLevel)
        {
            section.Line($"{level} conversations at once, {options.Rounds} × {options.Round.TotalSeconds:F0} s per contender:").Line();
            IReadOnlyList<string> Row(string label, Func<ScaleOutAggregate, string> cell) => [label, .. order.Select(k => cell(a[k]))];
            var echo = a["echo"].Turns;
            section.Table(
                ["", .. order.Select(k => names[k])],
                [
                    Row("turns per second", x => N(x.Turns.TurnsPerSecond)),
                    Row("throughput ÷ echo", x => N(x.Turns.TurnsPerSecond / echo.TurnsPerSecond, 2)),
                    Row("latency p50", x => Ms(x.Turns.Latencies.Percentile(50))),
                    Row("latency p95", x => Ms(x.Turns.Latencies.Percentile(95))),
                    Row("latency p99", x => Ms(x.Turns.Latencies.Percentile(99))),
                    Row("p99 ÷ echo", x => N(x.Turns.Latencies.Percentile(99) / echo.Latencies.Percentile(99), 2)),
                    Row("bot CPU per turn (all its processes)", x => Ms(x.Turns.CpuPerTurnMs)),
                    Row("of which the load balancer", x => x.ProxyCpuPerTurnMs > 0 ? Ms(x.ProxyCpuPerTurnMs) : "-"),
                    Row("database CPU per turn", x => Ms(x.DatabaseCpuPerTurnMs)),
                    Row($"bot CPU (cores busy, of {Environment.ProcessorCount})", x => N(x.Turns.Cores, 2)),
                    Row("database CPU (cores)", x => N(x.DatabaseCores, 2)),
                    Row("load driver CPU (cores)", x => N(x.Turns.DriverCores, 2)),
                    Row("the idle contenders' CPU (cores)", x => N(x.Turns.IdleContendersCores, 2)),
                    Row("other processes' CPU (cores, mean / busiest round)", x => $"{N(x.OtherCores, 2)} / {N(x.MaxOtherCores, 2)}"),
                    Row("turns measured", x => N(x.Turns.Turns)),
                    Row("errors / unexpected replies", x => $"{x.Turns.Errors} / {x.Turns.Unexpected}"),
                ]);
        }

        var prediction = Predict(section, options, byLevel);
        FanoutLines(section, fanout);

        section.Line("Warm-up, bot CPU per turn in each window:").Line();
        foreach (var warmup in warmups)
        {
            section.Line($"- {names[warmup.Contender]}: {N(warmup.Elapsed.TotalSeconds)} s, {string.Join(", ", warmup.CpuPerTurnMs.Select(Ms))}"
                + (warmup.Settled ? " (settled)" : " (still moving at the cap: treat its CPU figures with care)"));
        }

        if (byLevel.Values.SelectMany(a => a.Values).Select(a => a.Turns.FirstProblem).FirstOrDefault(p => p is not null) is { } problem)
        {
            section.Line().Line($"First problem seen: {problem}");
        }

        Figures(section, options, server, byLevel, ratios, prediction, fanout, warmups, samples, machine);
        return section;
    }

    /// <summary>The fan-out alone (--fanout-only): its table and figures, without the turns'.</summary>
    public static BenchmarkSection BuildFanout(RunOptions options, PostgresServer server, IReadOnlyList<ScaleOutFanoutRun> fanout, RunLoad machine)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(machine);
        var section = new BenchmarkSection("scaleout", $"Scale-out, fan-out only: the bot on PostgreSQL {server.Version}, one instance and two");
        section.Line($"**How busy the machine was:** 1-minute load average {N(machine.LoadAverageBefore, 2)} before, {N(machine.LoadAverageAfter, 2)} after; "
            + $"the fan-out took {N(machine.Elapsed.TotalMinutes, 1)} min. No turns were run (`--fanout-only`).")
            .Line();
        FanoutLines(section, fanout);
        section.Figures["quick"] = options.Quick;
        section.Figures["fanoutOnly"] = true;
        section.Figures["postgresVersion"] = server.Version;
        FanoutFigures(section, fanout);
        return section;
    }

    /// <summary>
    /// What the measured CPU per turn predicts when each instance has cores of its own, the balancer and PostgreSQL
    /// too: throughput is then the instance's cores over its CPU per turn (conversations do not wait on each other;
    /// the database's locks are per conversation and per person). Checked against this run: the same sum over this
    /// machine's free cores should come close to the throughput measured here.
    /// </summary>
    private static Dictionary<string, object> Predict(BenchmarkSection section, RunOptions options, Dictionary<int, Dictionary<string, ScaleOutAggregate>> byLevel)
    {
        var level = options.Concurrency.Max();
        var one = byLevel[level]["postgres1"];
        var two = byLevel[level]["postgres2"];
        var perInstanceOne = one.InstancesCpuPerTurnMs;
        var perInstanceTwo = two.InstancesCpuPerTurnMs;
        var everythingTwo = two.Turns.CpuPerTurnMs + two.DatabaseCpuPerTurnMs + two.DriverCpuPerTurnMs;
        var free = Environment.ProcessorCount - two.OtherCores - two.Turns.IdleContendersCores;
        var checkPredicted = free * 1000 / everythingTwo;

        section.Line($"**Prediction, not a measurement.** This machine has {Environment.ProcessorCount} cores for everything (both instances, the balancer, PostgreSQL, "
            + "the load driver, and whatever else runs on it), so a second instance can only share the cores the first already used: the machine is the limit, "
            + "and the two-to-one ratio above cannot show scale-out. What scales is CPU per turn: "
            + $"at {level} at once, a turn costs **{Ms(perInstanceOne)}** of CPU on the one instance, **{Ms(perInstanceTwo)}** on whichever of two instances serves it; "
            + $"the balancer {Ms(two.ProxyCpuPerTurnMs)}; PostgreSQL **{Ms(one.DatabaseCpuPerTurnMs)}** (one instance) and **{Ms(two.DatabaseCpuPerTurnMs)}** (two). "
            + $"With N free cores per instance (and the balancer and PostgreSQL on cores of their own) throughput is N × 1000 ÷ bot CPU per turn per instance; "
            + $"two instances ÷ one is then 2 × {Ms(perInstanceOne)} ÷ {Ms(perInstanceTwo)} = **{N(2 * perInstanceOne / perInstanceTwo, 2)}** (target {TwoInstancesTarget}×), "
            + "as long as PostgreSQL and the balancer keep up with the cores listed:")
            .Line();
        var rows = new List<IReadOnlyList<string>>();
        var figures = new List<Dictionary<string, object>>();
        foreach (var cores in PredictedCores)
        {
            var oneRate = cores * 1000 / perInstanceOne;
            var twoRate = 2 * cores * 1000 / perInstanceTwo;
            rows.Add([
                N(cores), N(oneRate), N(twoRate), N(twoRate / oneRate, 2) + Mark(twoRate / oneRate >= TwoInstancesTarget),
                N(twoRate * two.DatabaseCpuPerTurnMs / 1000, 2), N(twoRate * two.ProxyCpuPerTurnMs / 1000, 2),
            ]);
            figures.Add(new Dictionary<string, object>
            {
                ["coresPerInstance"] = cores,
                ["oneInstanceTurnsPerSecond"] = oneRate,
                ["twoInstancesTurnsPerSecond"] = twoRate,
                ["ratio"] = twoRate / oneRate,
                ["databaseCoresNeeded"] = twoRate * two.DatabaseCpuPerTurnMs / 1000,
                ["balancerCoresNeeded"] = twoRate * two.ProxyCpuPerTurnMs / 1000,
            });
        }

        section.Table(["free cores per instance", "1 instance, turns/s (predicted)", "2 instances, turns/s (predicted)", "2 ÷ 1", "PostgreSQL cores needed (2 instances)", "balancer cores needed (2 instances)"], rows);
        section.Line($"The same arithmetic checked on this run: {N(free, 2)} cores were free for two instances' turns (all {Environment.ProcessorCount} less other processes and idle contenders), "
            + $"and a turn cost {Ms(everythingTwo)} of CPU in all (bot {Ms(two.Turns.CpuPerTurnMs)}, PostgreSQL {Ms(two.DatabaseCpuPerTurnMs)}, load driver {Ms(two.DriverCpuPerTurnMs)}), "
            + $"which predicts {N(checkPredicted)} turns/s; measured: {N(two.Turns.TurnsPerSecond)}.")
            .Line();
        return new Dictionary<string, object>
        {
            ["concurrency"] = level,
            ["botCpuMsPerTurnOneInstance"] = perInstanceOne,
            ["botCpuMsPerTurnTwoInstances"] = perInstanceTwo,
            ["balancerCpuMsPerTurn"] = two.ProxyCpuPerTurnMs,
            ["databaseCpuMsPerTurnOneInstance"] = one.DatabaseCpuPerTurnMs,
            ["databaseCpuMsPerTurnTwoInstances"] = two.DatabaseCpuPerTurnMs,
            ["predictedTwoToOne"] = 2 * perInstanceOne / perInstanceTwo,
            ["byCores"] = figures,
            ["checkFreeCores"] = free,
            ["checkPredictedTurnsPerSecond"] = checkPredicted,
            ["checkMeasuredTurnsPerSecond"] = two.Turns.TurnsPerSecond,
        };
    }

    private static void FanoutLines(BenchmarkSection section, IReadOnlyList<ScaleOutFanoutRun> runs)
    {
        section.Line("**Fan-out on one PostgreSQL schema, with two instances and with one** (the fan-out part's group prompt and fake connector, the instances hosted in "
            + "this process, the people and the lead's commands spread over them; real time from 13:00; issue 11's target for two instances: within "
            + N(FloorTarget, 2) + "× the rate-limit floor, 0 duplicates, never above the app's limit):")
            .Line();
        section.Table(
            ["instances", "recipients", "time to reach everyone", "floor", "÷ floor", "first prompt", "max app rate /s (accepted)", "duplicates", "not reached", "sent by each instance", "429s", "PostgreSQL CPU"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                N(r.Instances),
                N(r.Recipients),
                N(r.TimeToEveryone.TotalSeconds, 1) + " s",
                N(r.Floor.TotalSeconds, 1) + " s",
                $"**{N(r.FloorRatio, 2)}**" + Mark(r.FloorRatio <= FloorTarget),
                N(r.FirstPrompt.TotalSeconds, 2) + " s",
                $"{r.AppMaxPerSecond} ({r.AppMaxAcceptedPerSecond}); limit {r.AppLimit}" + Mark(r.AppMaxPerSecond <= r.AppLimit),
                $"**{N(r.Duplicates)}**" + Mark(r.Duplicates == 0),
                N(r.NotReached),
                string.Join(" / ", r.SentByInstance.Select(n => N(n))) + (r.SentByNone > 0 ? $" (and {N(r.SentByNone)} by none)" : string.Empty),
                N(r.Throttled),
                N(r.DatabaseCpu.TotalSeconds, 1) + " s",
            ]));
        section.Line("Prompt deliveries recorded: " + string.Join("; ", runs.Select(r =>
            $"{N(r.Instances)} instance(s): {string.Join(", ", r.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {N(s.Value)}"))}, set up in {N(r.Setup.TotalSeconds, 1)} s")) + ".")
            .Line();
    }

    private static void Figures(
        BenchmarkSection section, RunOptions options, PostgresServer server, Dictionary<int, Dictionary<string, ScaleOutAggregate>> byLevel, Dictionary<string, object> ratios,
        Dictionary<string, object> prediction, IReadOnlyList<ScaleOutFanoutRun> fanout, IReadOnlyList<Warmup> warmups, IReadOnlyList<ScaleOutSample> samples, RunLoad machine)
    {
        section.Figures["quick"] = options.Quick;
        section.Figures["postgresVersion"] = server.Version;
        section.Figures["databaseCpuMeasured"] = server.CpuMeasured;
        section.Figures["concurrency"] = options.Concurrency;
        section.Figures["warmupSeconds"] = options.Warmup.TotalSeconds;
        section.Figures["roundSeconds"] = options.Round.TotalSeconds;
        section.Figures["roundsPerConcurrency"] = options.Rounds;
        section.Figures["ratios"] = ratios;
        section.Figures["contenders"] = byLevel.SelectMany(l => l.Value.Values).ToDictionary(a => $"{a.Turns.Contender}@{a.Turns.Concurrency}", a => new Dictionary<string, object>
        {
            ["turnsPerSecond"] = a.Turns.TurnsPerSecond,
            ["turns"] = a.Turns.Turns,
            ["errors"] = a.Turns.Errors,
            ["unexpectedReplies"] = a.Turns.Unexpected,
            ["p50Ms"] = a.Turns.Latencies.Percentile(50),
            ["p95Ms"] = a.Turns.Latencies.Percentile(95),
            ["p99Ms"] = a.Turns.Latencies.Percentile(99),
            ["botCpuMsPerTurn"] = a.Turns.CpuPerTurnMs,
            ["balancerCpuMsPerTurn"] = a.ProxyCpuPerTurnMs,
            ["databaseCpuMsPerTurn"] = a.DatabaseCpuPerTurnMs,
            ["botCpuCores"] = a.Turns.Cores,
            ["databaseCpuCores"] = a.DatabaseCores,
            ["driverCpuCores"] = a.Turns.DriverCores,
            ["otherProcessesCpuCores"] = a.OtherCores,
        });
        section.Figures["prediction"] = prediction;
        FanoutFigures(section, fanout);
        TurnsReport.WarmupAndMachineFigures(section, warmups, machine);
        section.Figures["roundSamples"] = samples.Select(s => new Dictionary<string, object>
        {
            ["contender"] = s.Round.Contender,
            ["concurrency"] = s.Round.Concurrency,
            ["round"] = s.Round.Round,
            ["position"] = s.Round.Position,
            ["turnsPerSecond"] = s.Round.Load.TurnsPerSecond,
            ["p99Ms"] = s.Round.Load.Latencies.Percentile(99),
            ["botCpuMsPerTurn"] = s.Round.CpuPerTurnMs,
            ["databaseCpuMsPerTurn"] = s.DatabaseCpuPerTurnMs,
            ["otherProcessesCpuCores"] = s.OtherCores,
            ["loadAverage"] = s.Round.LoadAverage,
        }).ToList();
    }

    private static void FanoutFigures(BenchmarkSection section, IReadOnlyList<ScaleOutFanoutRun> fanout)
    {
        ArgumentNullException.ThrowIfNull(fanout);
        section.Figures["fanout"] = fanout.Select(r => new Dictionary<string, object>
        {
            ["instances"] = r.Instances,
            ["recipients"] = r.Recipients,
            ["prompts"] = r.Expected,
            ["secondsToEveryone"] = r.TimeToEveryone.TotalSeconds,
            ["floorSeconds"] = r.Floor.TotalSeconds,
            ["floorRatio"] = r.FloorRatio,
            ["secondsToFirstPrompt"] = r.FirstPrompt.TotalSeconds,
            ["appLimitPerSecond"] = r.AppLimit,
            ["appMaxPerSecond"] = r.AppMaxPerSecond,
            ["appMaxAcceptedPerSecond"] = r.AppMaxAcceptedPerSecond,
            ["connectorCalls"] = r.Calls,
            ["throttled429"] = r.Throttled,
            ["duplicates"] = r.Duplicates,
            ["notReached"] = r.NotReached,
            ["sentByInstance"] = r.SentByInstance,
            ["sentByNone"] = r.SentByNone,
            ["deliveryStatuses"] = r.Statuses,
            ["setupSeconds"] = r.Setup.TotalSeconds,
            ["databaseCpuSeconds"] = r.DatabaseCpu.TotalSeconds,
        }).ToList();
    }

    private static string Mark(bool met) => met ? " ✓" : " ✗";
}
