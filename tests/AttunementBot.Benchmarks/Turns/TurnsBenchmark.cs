using System.Diagnostics;
using AttunementBot.Benchmarks.Reporting;
using Microsoft.Data.Sqlite;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>
/// The real bot (its own build, in its own process, on Kestrel over loopback, with SQLite state in a fresh folder),
/// a floor server (the stock echo host plus one state read and one durable write per turn) and the stock echo bot,
/// all running side by side and loaded one at a time, A B C, B C A, C A B ..., after each has warmed up until its
/// CPU per turn settles: a noisy machine then slows all three alike instead of whichever ran at the wrong moment.
/// </summary>
public static class TurnsBenchmark
{
    /// <summary>Between one server's turn and the next: the last one's GC and JIT finish on their own time.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<BenchmarkSection> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var loadBefore = MachineLoad.LoadAverage();

        Console.WriteLine($"storage counts: {options.CountedReflections} whole reflections against the bot hosted in this process");
        var counts = await StorageCounts.MeasureAsync(options.CountedReflections, cancellationToken);
        Console.WriteLine("storage counts: " + (counts.NotInstrumented
            ?? $"{counts.StatementsPerTurn:F2} statements and {counts.CommitsPerTurn:F2} commits per turn"));

        var botFolder = Directory.CreateTempSubdirectory("attunementbot-bench-turns-").FullName;
        var floorFolder = Directory.CreateTempSubdirectory("attunementbot-bench-floor-").FullName;
        var maxConcurrency = options.Concurrency.Max();
        var contenders = new List<Contender>();
        try
        {
            contenders.Add(await Contender.StartAsync(
                "reflection", "reflection bot", "AttunementBot.dll", [$"--Storage:DataFolder={botFolder}"], ReflectionScript.Turns, botFolder, maxConcurrency, cancellationToken));
            contenders.Add(await Contender.StartAsync(
                "floor", "floor server", "AttunementBot.Benchmarks.dll", [FloorServer.Mode, floorFolder], ReflectionScript.Echo, floorFolder, maxConcurrency, cancellationToken));
            contenders.Add(await Contender.StartAsync(
                "echo", "echo bot", "AttunementBot.Benchmarks.dll", [EchoServer.Mode], ReflectionScript.Echo, null, maxConcurrency, cancellationToken));

            // One whole reflection alone on each: the script is followed before anything is timed.
            foreach (var contender in contenders)
            {
                await contender.RequireAsync("first", 1, 1, contender.Script.Count, cancellationToken);
            }

            var warmups = new List<Warmup>();
            foreach (var contender in contenders)
            {
                warmups.Add(await WarmAsync(contender, options, maxConcurrency, cancellationToken));
            }

            var samples = new List<RoundSample>();
            foreach (var concurrency in options.Concurrency)
            {
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var position = 0; position < contenders.Count; position++)
                    {
                        var contender = contenders[(round + position) % contenders.Count];
                        await Task.Delay(Pause, cancellationToken);
                        var sample = await RoundSample.MeasureAsync(contender, contenders, concurrency, round, position, () =>
                            contender.LoadAsync($"c{concurrency}-r{round}", concurrency, concurrency, options.Round, 0, cancellationToken));
                        Console.WriteLine($"{concurrency} at once, round {round + 1}/{options.Rounds}, {contender.Name}: {sample.Load.TurnsPerSecond:F0} turns/s, "
                            + $"p99 {sample.Load.Latencies.Percentile(99):F1} ms, {sample.CpuPerTurnMs:F3} ms CPU/turn, {sample.Load.Errors + sample.Load.Unexpected} problems; "
                            + $"others {sample.OtherCores:F2} cores, load average {sample.LoadAverage:F2}");
                        samples.Add(sample);
                    }
                }
            }

            var open = await OpenConversationsAsync(contenders[0], options, maxConcurrency, cancellationToken);
            var peaks = contenders.Select(c => new Peaks(c.Key, c.Server.Memory().PeakWorkingSet, c.Server.PeakPrivate, c.Server.PeakThreads)).ToList();
            var machine = new RunLoad(loadBefore, MachineLoad.LoadAverage(), watch.Elapsed);
            return TurnsReport.Build(options, contenders, warmups, samples, counts, open, peaks, machine);
        }
        finally
        {
            foreach (var contender in contenders)
            {
                await contender.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(botFolder, recursive: true);
            Directory.Delete(floorFolder, recursive: true);
        }
    }

    /// <summary>
    /// Load in short windows for at least the warm-up time, then until two windows in a row agree on CPU per turn
    /// within 5% (tiered JIT recompiles hot code for a minute or so; until then a turn costs more), or a cap.
    /// </summary>
    internal static async Task<Warmup> WarmAsync(Contender contender, RunOptions options, int concurrency, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(Math.Min(5, options.Warmup.TotalSeconds));
        // On a busy machine fewer turns run per second and tiering takes longer: room to settle, within bounds.
        var cap = options.Warmup * 2;
        Console.WriteLine($"{contender.Name}: warming up with {concurrency} at once, at least {options.Warmup.TotalSeconds:F0} s, until CPU per turn settles (at most {cap.TotalSeconds:F0} s)");
        var perTurn = new List<double>();
        var elapsed = TimeSpan.Zero;
        while (true)
        {
            // A load phase ends quietly when cancelled; the benchmark must not carry on with empty windows.
            cancellationToken.ThrowIfCancellationRequested();
            var cpuBefore = contender.CpuTime();
            var load = await contender.LoadAsync($"warm{perTurn.Count}", concurrency, concurrency, window, 0, cancellationToken);
            perTurn.Add((contender.CpuTime() - cpuBefore).TotalMilliseconds / load.Turns);
            elapsed += load.Elapsed;
            var settled = perTurn.Count >= 2 && Math.Abs(perTurn[^1] - perTurn[^2]) <= 0.05 * perTurn[^2];
            Console.WriteLine($"{contender.Name}: {elapsed.TotalSeconds:F0} s, {load.TurnsPerSecond:F0} turns/s, {perTurn[^1]:F3} ms CPU per turn");
            if ((elapsed >= options.Warmup && settled) || elapsed >= cap)
            {
                return new Warmup(contender.Key, perTurn, elapsed, settled);
            }
        }
    }

    /// <summary>Many people left half-way through a reflection: what each costs the process and the database.</summary>
    private static async Task<OpenConversations?> OpenConversationsAsync(Contender bot, RunOptions options, int concurrency, CancellationToken cancellationToken)
    {
        if (options.OpenConversations == 0 || bot.DataFolder is null)
        {
            return null;
        }

        Console.WriteLine($"{bot.Name}: opening {options.OpenConversations} conversations mid-reflection");
        var before = await bot.Server.SettledMemoryAsync(cancellationToken);
        var sizeBefore = DatabaseBytes(bot.DataFolder);
        await bot.RequireAsync("open", options.OpenConversations, concurrency, 2, cancellationToken);
        var after = await bot.Server.SettledMemoryAsync(cancellationToken);
        return new OpenConversations(options.OpenConversations, before, after, DatabaseBytes(bot.DataFolder) - sizeBefore);
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
}

/// <summary>A contender's warm-up: CPU per turn in each window, and whether it settled before the cap.</summary>
public sealed record Warmup(string Contender, IReadOnlyList<double> CpuPerTurnMs, TimeSpan Elapsed, bool Settled);

public sealed record OpenConversations(int Count, MemorySample Before, MemorySample After, long DatabaseBytes)
{
    public double PrivatePerConversation => (After.Private - Before.Private) / (double)Count;
}

public sealed record Peaks(string Contender, long WorkingSet, long Private, int Threads);

/// <summary>The machine around the whole run: load average before and after, and how long it took.</summary>
public sealed record RunLoad(double LoadAverageBefore, double LoadAverageAfter, TimeSpan Elapsed);
