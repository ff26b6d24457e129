using System.Diagnostics;
using AttunementBot.Benchmarks.Reporting;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>One of the servers compared side by side: its process, a client to it, and the script it must follow.</summary>
public sealed class Contender : IAsyncDisposable
{
    private const string Channel = "msteams";
    private readonly HttpClient _http;

    private Contender(string key, string name, ServerProcess server, HttpClient http, IReadOnlyList<ScriptedTurn> script, string? dataFolder, IReadOnlyList<ServerProcess> behind)
    {
        Behind = behind;
        Key = key;
        Name = name;
        Server = server;
        _http = http;
        Script = script;
        DataFolder = dataFolder;
    }

    /// <summary>Short name for the JSON figures.</summary>
    public string Key { get; }

    public string Name { get; }

    public ServerProcess Server { get; }

    /// <summary>The bot's instances when <see cref="Server"/> is a load balancer in front of them (scale-out); else none.</summary>
    public IReadOnlyList<ServerProcess> Behind { get; }

    public IReadOnlyList<ScriptedTurn> Script { get; }

    /// <summary>Where the server keeps its SQLite database, if it has one.</summary>
    public string? DataFolder { get; }

    public static async Task<Contender> StartAsync(
        string key, string name, string assembly, string[] arguments, IReadOnlyList<ScriptedTurn> script, string? dataFolder, int maxConcurrency, CancellationToken cancellationToken,
        IReadOnlyList<ServerProcess>? behind = null)
    {
        var log = Path.Combine(Path.GetTempPath(), $"attunementbot-bench-{key}.log");
        Console.WriteLine($"{name}: starting ({assembly}, log in {log})");
        ServerProcess server;
        try
        {
            server = await ServerProcess.StartAsync(assembly, arguments, log, cancellationToken);
        }
        catch
        {
            foreach (var instance in behind ?? [])
            {
                await instance.DisposeAsync();
            }

            throw;
        }

        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConcurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        return new Contender(key, name, server, http, script, dataFolder, behind ?? []);
    }

    /// <summary>CPU time of every process that serves this contender's turns (a load balancer's included).</summary>
    public TimeSpan CpuTime() => Behind.Aggregate(Server.CpuTime(), (sum, instance) => sum + instance.CpuTime());

    /// <param name="prefix">Names this phase's people; a new prefix is new people, each starting a reflection.</param>
    public Task<LoadResult> LoadAsync(string prefix, int people, int concurrency, TimeSpan duration, int turnsPerPerson, CancellationToken cancellationToken) =>
        ClinicianLoad.RunAsync(_http, Channel, Script, prefix, people, concurrency, duration, turnsPerPerson, cancellationToken);

    /// <summary>A load phase that must follow the script exactly (the first reflection, the open conversations).</summary>
    public async Task<LoadResult> RequireAsync(string prefix, int people, int concurrency, int turnsPerPerson, CancellationToken cancellationToken)
    {
        var result = await LoadAsync(prefix, people, concurrency, TimeSpan.FromHours(1), turnsPerPerson, cancellationToken);
        if (result.Errors > 0 || result.Unexpected > 0 || result.Turns == 0)
        {
            throw new InvalidOperationException($"{Name} did not follow the script: {result.FirstProblem}");
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        foreach (var instance in Behind)
        {
            await instance.DisposeAsync();
        }
    }
}

/// <summary>
/// One contender's turn in a round, with what else the machine was doing meanwhile: the idle contenders, the
/// load driver (this process) and everything else (other processes), so a noisy round can be seen as noisy.
/// </summary>
public sealed record RoundSample(
    string Contender, int Concurrency, int Round, int Position, LoadResult Load,
    TimeSpan Cpu, TimeSpan DriverCpu, TimeSpan IdleContendersCpu, double MachineBusyCores, double StealCores, double LoadAverage)
{
    public double Seconds => Load.Elapsed.TotalSeconds;

    public double Cores => Cpu.TotalSeconds / Seconds;

    public double DriverCores => DriverCpu.TotalSeconds / Seconds;

    public double IdleContendersCores => IdleContendersCpu.TotalSeconds / Seconds;

    /// <summary>Cores busy with anything but the three servers and the load driver: other agents, the OS.</summary>
    public double OtherCores => Math.Max(0, MachineBusyCores - Cores - DriverCores - IdleContendersCores);

    public double CpuPerTurnMs => Cpu.TotalMilliseconds / Load.Turns;

    /// <summary>Runs <paramref name="load"/> against <paramref name="loaded"/> and samples everyone's CPU around it.</summary>
    public static async Task<RoundSample> MeasureAsync(
        Contender loaded, IReadOnlyList<Contender> all, int concurrency, int round, int position, Func<Task<LoadResult>> load)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(load);
        using var driver = Process.GetCurrentProcess();
        var cpuBefore = all.Select(c => c.CpuTime()).ToArray();
        var driverBefore = driver.TotalProcessorTime;
        var machineBefore = MachineLoad.Now();
        var result = await load();
        var machine = MachineLoad.Now().CoresSince(machineBefore);
        driver.Refresh();
        var driverCpu = driver.TotalProcessorTime - driverBefore;
        var cpu = TimeSpan.Zero;
        var idle = TimeSpan.Zero;
        for (var i = 0; i < all.Count; i++)
        {
            var used = all[i].CpuTime() - cpuBefore[i];
            if (ReferenceEquals(all[i], loaded))
            {
                cpu = used;
            }
            else
            {
                idle += used;
            }
        }

        return new RoundSample(loaded.Key, concurrency, round, position, result, cpu, driverCpu, idle, machine.Busy, machine.Steal, MachineLoad.LoadAverage());
    }
}
