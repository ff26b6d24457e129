using System.Diagnostics;
using AttunementBot.Benchmarks.Reporting;
using AttunementBot.Benchmarks.Turns;
using Microsoft.Data.Sqlite;

namespace AttunementBot.Benchmarks.ScaleOut;

/// <summary>
/// Turns with the bot scaled out on PostgreSQL: the stock echo bot, the bot on SQLite, the bot on PostgreSQL as one
/// instance and as two instances on one schema, the PostgreSQL ones behind a round-robin loopback load balancer (one
/// instance too, so the ratio isolates the second instance). Each its own processes on Kestrel, loaded one at a time in
/// rotated order after warming up, as the turns part does. Then a group fan-out with two instances against the
/// rate-limit floor, and with one for comparison. PostgreSQL's own CPU is measured in every window, since on one
/// machine it competes with the bot.
/// </summary>
public static class ScaleOutBenchmark
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<BenchmarkSection?> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (connected, whyNot) = await PostgresServer.ConnectAsync(options.Postgres, cancellationToken);
        if (connected is null)
        {
            Console.WriteLine("scaleout: " + whyNot);
            return null;
        }

        await using var server = connected;
        var watch = Stopwatch.StartNew();
        var loadBefore = MachineLoad.LoadAverage();
        Console.WriteLine($"scaleout: PostgreSQL {server.Version}, max_connections {server.MaxConnections}, "
            + (server.CpuMeasured ? $"on this machine (postmaster {server.Postmaster}): its CPU is measured" : "not on this machine: its CPU is not measured"));

        // Three instances keep their pools open at once (the idle contenders too): the server must hold them all.
        var pool = server.PoolSizeFor(3);
        var maxConcurrency = options.Concurrency.Max();
        var folders = new List<string>();
        string Folder(string name)
        {
            var folder = Directory.CreateTempSubdirectory($"attunementbot-bench-scaleout-{name}-").FullName;
            folders.Add(folder);
            return folder;
        }

        if (options.FanoutOnly)
        {
            var runs = await FanoutAsync(server, options, cancellationToken);
            return ScaleOutReport.BuildFanout(options, server, runs, new RunLoad(loadBefore, MachineLoad.LoadAverage(), watch.Elapsed));
        }

        var contenders = new List<Contender>();
        try
        {
            contenders.Add(await Contender.StartAsync(
                "echo", "echo bot", "AttunementBot.Benchmarks.dll", [EchoServer.Mode], ReflectionScript.Echo, null, maxConcurrency, cancellationToken));
            var sqlite = Folder("sqlite");
            contenders.Add(await Contender.StartAsync(
                "sqlite", "bot on SQLite", "AttunementBot.dll", [$"--Storage:DataFolder={sqlite}"], ReflectionScript.Turns, sqlite, maxConcurrency, cancellationToken));
            contenders.Add(await BehindProxyAsync(
                "postgres1", "PostgreSQL, 1 instance", 1, await server.NewSchemaAsync("one", pool, cancellationToken), Folder("postgres1"), maxConcurrency, cancellationToken));
            contenders.Add(await BehindProxyAsync(
                "postgres2", "PostgreSQL, 2 instances", 2, await server.NewSchemaAsync("two", pool, cancellationToken), Folder("postgres2"), maxConcurrency, cancellationToken));

            foreach (var contender in contenders)
            {
                await contender.RequireAsync("first", 1, 1, contender.Script.Count, cancellationToken);
            }

            var warmups = new List<Warmup>();
            foreach (var contender in contenders)
            {
                warmups.Add(await TurnsBenchmark.WarmAsync(contender, options, maxConcurrency, cancellationToken));
            }

            var samples = new List<ScaleOutSample>();
            foreach (var concurrency in options.Concurrency)
            {
                for (var round = 0; round < options.Rounds; round++)
                {
                    for (var position = 0; position < contenders.Count; position++)
                    {
                        var contender = contenders[(round + position) % contenders.Count];
                        await Task.Delay(Pause, cancellationToken);
                        var sample = await MeasureAsync(server, contender, contenders, concurrency, round, position, options.Round, cancellationToken);
                        Console.WriteLine($"{concurrency} at once, round {round + 1}/{options.Rounds}, {contender.Name}: {sample.Round.Load.TurnsPerSecond:F0} turns/s, "
                            + $"p99 {sample.Round.Load.Latencies.Percentile(99):F1} ms, {sample.Round.CpuPerTurnMs:F3} ms bot CPU/turn, {sample.DatabaseCpuPerTurnMs:F3} ms database CPU/turn, "
                            + $"{sample.Round.Load.Errors + sample.Round.Load.Unexpected} problems; others {sample.OtherCores:F2} cores, load average {sample.Round.LoadAverage:F2}");
                        samples.Add(sample);
                    }
                }
            }

            // The turns' processes go first: the fan-out has the machine to itself, as the fan-out part does.
            foreach (var contender in contenders)
            {
                await contender.DisposeAsync();
            }

            contenders.Clear();
            var fanout = await FanoutAsync(server, options, cancellationToken);
            var machine = new RunLoad(loadBefore, MachineLoad.LoadAverage(), watch.Elapsed);
            return ScaleOutReport.Build(options, server, warmups, samples, fanout, machine);
        }
        finally
        {
            foreach (var contender in contenders)
            {
                await contender.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>One instance first, on the same database: what two instances add (or cost) shows beside it.</summary>
    private static async Task<IReadOnlyList<ScaleOutFanoutRun>> FanoutAsync(PostgresServer server, RunOptions options, CancellationToken cancellationToken)
    {
        var recipients = options.Recipients.Min();
        List<ScaleOutFanoutRun> fanout = [];
        foreach (var instances in new[] { 1, 2 })
        {
            fanout.Add(await ScaleOutFanout.RunAsync(server, instances, recipients, options, cancellationToken));
        }

        return fanout;
    }

    /// <summary>
    /// <paramref name="instances"/> bot processes on one schema, sharing one data folder (the key ring lives there, as
    /// for instances of one installation), with the load balancer in a process of its own in front of them.
    /// </summary>
    private static async Task<Contender> BehindProxyAsync(
        string key, string name, int instances, string connectionString, string folder, int maxConcurrency, CancellationToken cancellationToken)
    {
        var started = new List<ServerProcess>();
        try
        {
            for (var i = 1; i <= instances; i++)
            {
                var log = Path.Combine(Path.GetTempPath(), $"attunementbot-bench-{key}-instance{i}.log");
                Console.WriteLine($"{name}: starting instance {i} (AttunementBot.dll, log in {log})");
                started.Add(await ServerProcess.StartAsync(
                    "AttunementBot.dll",
                    ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}", $"--Storage:DataFolder={folder}"],
                    log,
                    cancellationToken));
            }
        }
        catch
        {
            foreach (var instance in started)
            {
                await instance.DisposeAsync();
            }

            throw;
        }

        return await Contender.StartAsync(
            key, name, "AttunementBot.Benchmarks.dll", [ProxyServer.Mode, .. started.Select(s => s.BaseAddress.ToString())], ReflectionScript.Turns, null, maxConcurrency, cancellationToken, started);
    }

    /// <summary>One contender's window, with PostgreSQL's CPU and (behind a load balancer) the balancer's own CPU in it.</summary>
    private static async Task<ScaleOutSample> MeasureAsync(
        PostgresServer server, Contender contender, IReadOnlyList<Contender> all, int concurrency, int round, int position, TimeSpan duration, CancellationToken cancellationToken)
    {
        var database = TimeSpan.Zero;
        var proxy = TimeSpan.Zero;
        var sample = await RoundSample.MeasureAsync(contender, all, concurrency, round, position, async () =>
        {
            var databaseBefore = server.CpuTime();
            var proxyBefore = contender.Behind.Count > 0 ? contender.Server.CpuTime() : TimeSpan.Zero;
            var load = await contender.LoadAsync($"c{concurrency}-r{round}", concurrency, concurrency, duration, 0, cancellationToken);
            proxy = contender.Behind.Count > 0 ? contender.Server.CpuTime() - proxyBefore : TimeSpan.Zero;
            database = server.CpuTime() - databaseBefore;
            return load;
        });
        return new ScaleOutSample(sample, database, proxy);
    }
}

/// <summary>A contender's window in a round, with PostgreSQL's CPU meanwhile and its load balancer's share of its CPU.</summary>
public sealed record ScaleOutSample(RoundSample Round, TimeSpan DatabaseCpu, TimeSpan ProxyCpu)
{
    public double DatabaseCores => DatabaseCpu.TotalSeconds / Round.Seconds;

    public double DatabaseCpuPerTurnMs => DatabaseCpu.TotalMilliseconds / Round.Load.Turns;

    /// <summary>Cores busy with anything but the contenders, the load driver and PostgreSQL.</summary>
    public double OtherCores => Math.Max(0, Round.OtherCores - DatabaseCores);
}
