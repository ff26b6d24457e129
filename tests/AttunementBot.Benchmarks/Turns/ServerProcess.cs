using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>Memory of the server process at one moment (Linux: /proc/PID/status; elsewhere what Process offers).</summary>
public readonly record struct MemorySample(long WorkingSet, long PeakWorkingSet, long Private, int Threads);

/// <summary>
/// A server on Kestrel in a process of its own (the bot, or the echo bot), so its CPU and memory are its alone.
/// Listens on a free loopback port; output goes to a log file; killed (by its own id) when disposed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly CancellationTokenSource _stopSampling = new();
    private readonly Task _sampling;
    private long _peakPrivate;
    private int _peakThreads;

    private ServerProcess(Process process, Uri baseAddress, string logPath, StreamWriter log)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
        _log = log;
        _sampling = SampleAsync(_stopSampling.Token);
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    /// <summary>Highest private (anonymous resident) memory seen by the 100 ms sampler.</summary>
    public long PeakPrivate => Interlocked.Read(ref _peakPrivate);

    /// <summary>Most threads seen by the sampler (a growing count hints at blocked thread-pool threads).</summary>
    public int PeakThreads => Volatile.Read(ref _peakThreads);

    /// <summary>Starts <paramref name="assembly"/> (a .dll beside this program) with <c>dotnet exec</c> and waits for /healthz.</summary>
    public static async Task<ServerProcess> StartAsync(string assembly, IEnumerable<string> arguments, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        // Development: the bot then runs without an app id (anonymous callers), as on a laptop.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_URLS");

        // The runtime's own JIT defaults (tiered compilation with dynamic PGO), whatever this shell has set.
        foreach (var name in start.Environment.Keys.Where(IsJitSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), logPath, log);
        try
        {
            await server.WaitUntilHealthyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public MemorySample Memory()
    {
        _process.Refresh();
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return new MemorySample(_process.WorkingSet64, _process.PeakWorkingSet64, _process.PrivateMemorySize64, _process.Threads.Count);
        }

        // VmRSS: resident; VmHWM: its peak; RssAnon: resident anonymous memory (heaps), what this process alone holds.
        long rss = 0, hwm = 0, anon = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kib(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kib(line);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return new MemorySample(rss, hwm, anon, threads);
    }

    /// <summary>The mean of a few samples a little apart, after a pause: one sample catches the GC mid-cycle.</summary>
    public async Task<MemorySample> SettledMemoryAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var samples = new List<MemorySample>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(Memory());
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return new MemorySample((long)samples.Average(s => s.WorkingSet), samples.Max(s => s.PeakWorkingSet), (long)samples.Average(s => s.Private), samples.Max(s => s.Threads));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopSampling.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _stopSampling.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"The server did not become healthy; see {LogPath}.");
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sample = Memory();
                if (sample.Private > Interlocked.Read(ref _peakPrivate))
                {
                    Interlocked.Exchange(ref _peakPrivate, sample.Private);
                }

                if (sample.Threads > Volatile.Read(ref _peakThreads))
                {
                    Volatile.Write(ref _peakThreads, sample.Threads);
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                return; // The process has gone.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static bool IsJitSetting(string name) =>
        JitSettings.Any(setting => name.StartsWith("DOTNET_" + setting, StringComparison.OrdinalIgnoreCase) || name.StartsWith("COMPlus_" + setting, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] JitSettings = ["TieredCompilation", "TieredPGO", "TC_", "ReadyToRun", "OSR_"];

    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The dotnet host that runs this program (…/dotnet beside shared/Microsoft.NETCore.App/VERSION/).</summary>
    private static string DotnetHost()
    {
        var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, name);
        return File.Exists(host) ? host : name;
    }
}
