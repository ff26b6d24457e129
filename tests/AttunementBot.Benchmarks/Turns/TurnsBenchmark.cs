using System.Diagnostics;
using AttunementBot.Benchmarks.Reporting;
using Microsoft.Data.Sqlite;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>
/// Turns per second, latency, CPU and memory of the real bot (its own build, in its own process, on Kestrel over
/// loopback, with SQLite state in a fresh folder) under many clinicians reflecting at once; then the same load
/// against a bare echo bot on the same CloudAdapter stack, the framework's own limit.
/// </summary>
public static class TurnsBenchmark
{
    private const string Channel = "msteams";

    public static async Task<BenchmarkSection> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Directory.CreateTempSubdirectory("attunementbot-bench-turns-").FullName;
        try
        {
            var bot = await MeasureAsync("reflection bot", "AttunementBot.dll", [$"--Storage:DataFolder={folder}"], ReflectionScript.Turns, folder, options, cancellationToken);
            var echo = await MeasureAsync("echo bot", "AttunementBot.Benchmarks.dll", [EchoServer.Mode], ReflectionScript.Echo, null, options, cancellationToken);
            return Report(options, bot, echo);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<ServerRun> MeasureAsync(
        string name, string assembly, string[] arguments, IReadOnlyList<ScriptedTurn> script, string? dataFolder, RunOptions options, CancellationToken cancellationToken)
    {
        var log = Path.Combine(Path.GetTempPath(), $"attunementbot-bench-{assembly.Replace(".dll", string.Empty, StringComparison.Ordinal)}.log");
        Console.WriteLine($"{name}: starting ({assembly}, log in {log})");
        await using var server = await ServerProcess.StartAsync(assembly, arguments, log, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clinicians,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        var forever = TimeSpan.FromHours(1);

        // One whole reflection alone: JIT, the database's first pages, the first connections.
        var first = await ClinicianLoad.RunAsync(http, Channel, script, "first", 1, 1, forever, script.Count, cancellationToken);
        Require(name, first);
        var baseline = await server.SettledMemoryAsync(cancellationToken);

        Console.WriteLine($"{name}: warming up with {options.Clinicians} clinicians for {options.Warmup.TotalSeconds:F0} s");
        await ClinicianLoad.RunAsync(http, Channel, script, "warm", options.Clinicians, options.Clinicians, options.Warmup, 0, cancellationToken);

        Console.WriteLine($"{name}: measuring {options.Clinicians} clinicians for {options.Duration.TotalSeconds:F0} s");
        using var driver = Process.GetCurrentProcess();
        var cpuBefore = server.CpuTime();
        var driverCpuBefore = driver.TotalProcessorTime;
        var load = await ClinicianLoad.RunAsync(http, Channel, script, "load", options.Clinicians, options.Clinicians, options.Duration, 0, cancellationToken);
        var cpu = server.CpuTime() - cpuBefore;
        driver.Refresh();
        var driverCpu = driver.TotalProcessorTime - driverCpuBefore;
        var loaded = await server.SettledMemoryAsync(cancellationToken);
        Console.WriteLine($"{name}: {load.TurnsPerSecond:F0} turns/s, p50 {load.Latencies.Percentile(50):F1} ms, p99 {load.Latencies.Percentile(99):F1} ms, {load.Errors} errors, {load.Unexpected} unexpected");

        OpenConversations? open = null;
        if (dataFolder is not null && options.OpenConversations > 0)
        {
            // Many people left half-way through a reflection: what each costs the process and the database.
            Console.WriteLine($"{name}: opening {options.OpenConversations} conversations mid-reflection");
            var sizeBefore = DatabaseBytes(dataFolder);
            var opened = await ClinicianLoad.RunAsync(http, Channel, script, "open", options.OpenConversations, options.Clinicians, forever, 2, cancellationToken);
            Require(name, opened);
            var after = await server.SettledMemoryAsync(cancellationToken);
            open = new OpenConversations(options.OpenConversations, loaded, after, DatabaseBytes(dataFolder) - sizeBefore);
        }

        return new ServerRun(name, load, cpu, driverCpu, baseline, loaded, server.Memory().PeakWorkingSet, server.PeakPrivate, server.PeakThreads, open);
    }

    private static BenchmarkSection Report(RunOptions options, ServerRun bot, ServerRun echo)
    {
        var section = new BenchmarkSection("turns", "Turns: complete typed reflections against the real host");
        section.Line($"{options.Clinicians} clinicians at once, each typing a whole reflection on Teams (12 turns: the steps, the summary, repair language, done) and starting again, "
            + $"for {options.Duration.TotalSeconds:F0} s after {options.Warmup.TotalSeconds:F0} s of warm-up. Each turn is one POST to /api/messages with "
            + "`deliveryMode: expectReplies`; every reply is checked. The bot runs as its own build in its own process on Kestrel over loopback, "
            + "with SQLite state in a fresh folder; the echo bot is a bare `CloudAdapter` + `ActivityHandler` on the same stack, in its own process. "
            + "The load driver shares the machine's cores.")
            .Line();

        static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("turns per second", N(bot.Load.TurnsPerSecond), N(echo.Load.TurnsPerSecond), N(Ratio(bot.Load.TurnsPerSecond, echo.Load.TurnsPerSecond), 2)),
            Row("latency p50", Ms(bot.Load.Latencies.Percentile(50)), Ms(echo.Load.Latencies.Percentile(50)), N(Ratio(bot.Load.Latencies.Percentile(50), echo.Load.Latencies.Percentile(50)), 1)),
            Row("latency p95", Ms(bot.Load.Latencies.Percentile(95)), Ms(echo.Load.Latencies.Percentile(95)), N(Ratio(bot.Load.Latencies.Percentile(95), echo.Load.Latencies.Percentile(95)), 1)),
            Row("latency p99", Ms(bot.Load.Latencies.Percentile(99)), Ms(echo.Load.Latencies.Percentile(99)), N(Ratio(bot.Load.Latencies.Percentile(99), echo.Load.Latencies.Percentile(99)), 1)),
            Row("server CPU (cores busy, of " + Environment.ProcessorCount + ")", N(bot.Cores, 2), N(echo.Cores, 2), N(Ratio(bot.Cores, echo.Cores), 2)),
            Row("server CPU per turn", Ms(bot.CpuPerTurnMs), Ms(echo.CpuPerTurnMs), N(Ratio(bot.CpuPerTurnMs, echo.CpuPerTurnMs), 1)),
            Row("load driver CPU (cores busy)", N(bot.DriverCores, 2), N(echo.DriverCores, 2), string.Empty),
            Row("peak working set (VmHWM)", MiB(bot.PeakWorkingSet), MiB(echo.PeakWorkingSet), N(Ratio(bot.PeakWorkingSet, echo.PeakWorkingSet), 1)),
            Row("peak private memory (RssAnon)", MiB(bot.PeakPrivate), MiB(echo.PeakPrivate), N(Ratio(bot.PeakPrivate, echo.PeakPrivate), 1)),
            Row("peak threads", N(bot.PeakThreads), N(echo.PeakThreads), string.Empty),
            Row("turns measured", N(bot.Load.Turns), N(echo.Load.Turns), string.Empty),
            Row("reflections completed", N(bot.Load.Reflections), "-", string.Empty),
            Row("errors / unexpected replies", $"{bot.Load.Errors} / {bot.Load.Unexpected}", $"{echo.Load.Errors} / {echo.Load.Unexpected}", string.Empty),
        };
        section.Table(["", "reflection bot", "echo bot", "reflection ÷ echo"], rows);

        var perActive = (bot.Loaded.Private - bot.Baseline.Private) / (double)options.Clinicians;
        section.Line("Memory per active conversation:").Line();
        section.Line($"- {options.Clinicians} conversations under load vs one conversation at rest (private memory, settled): "
            + $"{MiB(bot.Baseline.Private)} → {MiB(bot.Loaded.Private)}, {N(perActive / 1024, 1)} KiB per conversation (this is mostly the GC heap growing for the load, not state kept per conversation).");
        if (bot.Open is { } open)
        {
            section.Line($"- {N(open.Count)} more conversations left mid-reflection: private memory {MiB(open.Before.Private)} → {MiB(open.After.Private)}, "
                + $"{N(open.PrivatePerConversation / 1024, 1)} KiB per conversation in the process; {N(open.DatabaseBytes / (double)open.Count / 1024, 1)} KiB per conversation in SQLite "
                + "(state is read from the database each turn and kept nowhere in the process between turns).");
        }

        if ((bot.Load.FirstProblem ?? echo.Load.FirstProblem) is { } problem)
        {
            section.Line().Line($"First problem seen: {problem}");
        }

        section.Figures["clinicians"] = options.Clinicians;
        section.Figures["durationSeconds"] = options.Duration.TotalSeconds;
        section.Figures["reflection"] = bot.Figures();
        section.Figures["echo"] = echo.Figures();
        section.Figures["ratio"] = new Dictionary<string, double>
        {
            ["turnsPerSecond"] = Ratio(bot.Load.TurnsPerSecond, echo.Load.TurnsPerSecond),
            ["p50"] = Ratio(bot.Load.Latencies.Percentile(50), echo.Load.Latencies.Percentile(50)),
            ["p95"] = Ratio(bot.Load.Latencies.Percentile(95), echo.Load.Latencies.Percentile(95)),
            ["p99"] = Ratio(bot.Load.Latencies.Percentile(99), echo.Load.Latencies.Percentile(99)),
            ["cpuPerTurn"] = Ratio(bot.CpuPerTurnMs, echo.CpuPerTurnMs),
        };
        section.Figures["memoryPerActiveConversationBytes"] = perActive;
        if (bot.Open is { } o)
        {
            section.Figures["openConversations"] = o.Count;
            section.Figures["memoryPerOpenConversationBytes"] = o.PrivatePerConversation;
            section.Figures["databaseBytesPerOpenConversation"] = o.DatabaseBytes / (double)o.Count;
        }

        return section;
    }

    private static string[] Row(params string[] cells) => cells;

    private static void Require(string name, LoadResult result)
    {
        if (result.Errors > 0 || result.Unexpected > 0 || result.Turns == 0)
        {
            throw new InvalidOperationException($"{name} did not follow the script: {result.FirstProblem}");
        }
    }

    /// <summary>The database's logical size (pages in use, including what is still in the WAL).</summary>
    private static long DatabaseBytes(string folder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "attunementbot.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record OpenConversations(int Count, MemorySample Before, MemorySample After, long DatabaseBytes)
    {
        public double PrivatePerConversation => (After.Private - Before.Private) / (double)Count;
    }

    private sealed record ServerRun(
        string Name, LoadResult Load, TimeSpan Cpu, TimeSpan DriverCpu, MemorySample Baseline, MemorySample Loaded,
        long PeakWorkingSet, long PeakPrivate, int PeakThreads, OpenConversations? Open)
    {
        public double Cores => Cpu.TotalSeconds / Load.Elapsed.TotalSeconds;

        public double DriverCores => DriverCpu.TotalSeconds / Load.Elapsed.TotalSeconds;

        public double CpuPerTurnMs => Cpu.TotalMilliseconds / Load.Turns;

        public Dictionary<string, object> Figures() => new()
        {
            ["turnsPerSecond"] = Load.TurnsPerSecond,
            ["turns"] = Load.Turns,
            ["reflectionsCompleted"] = Load.Reflections,
            ["errors"] = Load.Errors,
            ["unexpectedReplies"] = Load.Unexpected,
            ["p50Ms"] = Load.Latencies.Percentile(50),
            ["p95Ms"] = Load.Latencies.Percentile(95),
            ["p99Ms"] = Load.Latencies.Percentile(99),
            ["meanMs"] = Load.Latencies.Mean(),
            ["cpuCores"] = Cores,
            ["cpuMsPerTurn"] = CpuPerTurnMs,
            ["driverCpuCores"] = DriverCores,
            ["peakWorkingSetBytes"] = PeakWorkingSet,
            ["peakPrivateBytes"] = PeakPrivate,
            ["baselinePrivateBytes"] = Baseline.Private,
            ["loadedPrivateBytes"] = Loaded.Private,
            ["peakThreads"] = PeakThreads,
        };
    }
}
