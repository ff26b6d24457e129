using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>The built bot, run as its own process on a loopback port.</summary>
public sealed class BotProcess : IDisposable
{
    private readonly Process _process;

    private readonly ConcurrentQueue<string> _output;

    private BotProcess(Process process, BotClient client, Uri baseAddress, ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        Client = client;
        BaseAddress = baseAddress;
    }

    public BotClient Client { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the process wrote (warnings and errors at the default log level), for a failing test's message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static Task<BotProcess> StartAsync(string dataFolder, params string[] settings) =>
        StartAsync(dataFolder, new Dictionary<string, string>(), settings);

    /// <summary>Starts the bot with extra environment variables: what only a new process can be given (the trust store).</summary>
    public static async Task<BotProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AttunementBot.dll"), $"--urls=http://127.0.0.1:{port}", $"--Storage:DataFolder={dataFolder}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return new BotProcess(process, new BotClient(http), http.BaseAddress, output);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.False(process.HasExited, "The bot process exited while starting.");
            await Task.Delay(200);
        }

        process.Kill(entireProcessTree: true);
        throw new Xunit.Sdk.XunitException("The bot process did not start within 30 seconds.");
    }

    /// <summary>
    /// Runs the bot expecting it to refuse to start (a setting it cannot accept): what an operator sees, its exit code
    /// and all it wrote. A process rather than the in-memory host, whose factory can report a start-up failure as an
    /// ObjectDisposedException when the failed host is torn down first (dotnet/aspnetcore#33494).
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string dataFolder, string environmentName, IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AttunementBot.dll"), $"--urls=http://127.0.0.1:{FreePort()}", $"--Storage:DataFolder={dataFolder}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environmentName, ["Logging__LogLevel__Default"] = "Warning" },
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("The bot kept running; it was expected to refuse to start.");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>SIGKILL: no graceful shutdown, nothing flushed on the way out.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        Client.Dispose();
        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
