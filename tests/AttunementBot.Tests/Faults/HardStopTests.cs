using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// The bot's process killed outright (no shutdown, as a crash or an out-of-memory kill would)
/// in the middle of a reflection, then started again on the same data.
/// </summary>
public sealed class HardStopTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-hardstop-").FullName;

    [Fact]
    public async Task A_reflection_resumes_after_the_process_is_killed()
    {
        var person = $"user-{Guid.NewGuid():N}";
        using (var first = await BotProcess.StartAsync(_folder))
        {
            var sam = new Conversation(first.Client, userId: person);
            await sam.SayAsync("reflect");
            await sam.SayAsync("4 3");
            await sam.SayAsync("1, 6");
            first.Kill();
        }

        using var second = await BotProcess.StartAsync(_folder);
        var again = new Conversation(second.Client, userId: person);
        var card = CardReader.Last(await again.SayAsync("yes"));
        Assert.Equal("moment", card.Step);
        for (var i = 0; i < 12 && card.Step != "summary"; i++)
        {
            card = CardReader.Last(await again.SayAsync("skip"));
        }

        Assert.Contains("You were mostly with your client.", card.Text, StringComparison.Ordinal);
        Assert.Contains("You were pulled away by applying a protocol and time pressure.", card.Text, StringComparison.Ordinal);
        Assert.Contains("You noticed a moment of misattunement.", card.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_between_commit_and_delivery_loses_nothing_and_sends_nothing_twice()
    {
        await using var connector = await FakeConnector.StartAsync();
        var person = $"user-{Guid.NewGuid():N}";
        var chat = $"a:{Guid.NewGuid():N}";
        string[] quickReplies = ["--Delivery:ReplyWait=00:00:01"];
        using (var first = await BotProcess.StartAsync(_folder, quickReplies))
        {
            var sam = new Conversation(first.Client, userId: person) { ServiceUrl = connector.ServiceUrl.ToString() };
            sam.Account.Id = chat;
            using (await first.Client.PostAsync(sam.Message("reflect")))
            {
            }

            await connector.WaitForCallsAsync(1);

            // The answer is committed; its reply is on the way to a channel that does not answer.
            connector.HangNext(TimeSpan.FromMinutes(5));
            using (await first.Client.PostAsync(sam.Message("4 3")))
            {
            }

            await connector.WaitForCallsAsync(2);
            first.Kill();
        }

        var before = connector.Calls.Count;
        using var second = await BotProcess.StartAsync(_folder, quickReplies);
        var again = new Conversation(second.Client, userId: person) { ServiceUrl = connector.ServiceUrl.ToString() };
        again.Account.Id = chat;
        await Task.Delay(1000);
        Assert.Equal(before, connector.Calls.Count);

        // The reply that may not have arrived is not sent again; the next message shows where they were.
        using (await second.Client.PostAsync(again.Message("hello?")))
        {
        }

        await connector.WaitForCallsAsync(before + 2);
        var shown = BotClient.TextOf(connector.Sent.Skip(before));
        Assert.Contains("didn't reach you", shown, StringComparison.Ordinal);
        Assert.Contains("Was anything pulling you away", shown, StringComparison.Ordinal);

        // The question went out twice in all: the reply that hung when the process died, and the one that shows
        // where they were. Nothing was sent again at start-up.
        Assert.Equal(2, connector.Sent.Count(a => BotClient.TextOf([a]).Contains("Was anything pulling you away", StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The built bot, run as its own process on a loopback port.</summary>
    private sealed class BotProcess : IDisposable
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
}
