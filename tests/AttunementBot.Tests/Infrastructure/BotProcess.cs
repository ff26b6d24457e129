using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>The built bot, run as its own process on a loopback port.</summary>
public sealed class BotProcess : IDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, BotClient client)
    {
        _process = process;
        Client = client;
    }

    public BotClient Client { get; }

    public static async Task<BotProcess> StartAsync(string dataFolder, params string[] settings)
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

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
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
                    return new BotProcess(process, new BotClient(http));
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
