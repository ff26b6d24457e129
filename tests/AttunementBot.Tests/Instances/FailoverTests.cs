using System.Net;
using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Instances;

/// <summary>
/// Two bot processes on one PostgreSQL database; the one holding undelivered replies is killed outright (SIGKILL).
/// The other takes them over once the dead one's lease runs out, and nothing is sent twice.
/// </summary>
public sealed class FailoverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-failover-").FullName;

    [PostgresFact]
    public async Task A_reply_waiting_for_a_retry_on_a_killed_instance_is_delivered_once_by_the_other()
    {
        await using var connector = await FakeConnector.StartAsync();
        string[] settings =
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={TestPostgres.NewSchema()}",
            "--Storage:InstanceLease=00:00:03",
            "--Delivery:ReplyWait=00:00:01",
            "--Delivery:RetryBaseDelay=00:00:08",
        ];
        using var survivor = await BotProcess.StartAsync(_folder, settings);
        var question = "Was anything pulling you away";
        using (var doomed = await BotProcess.StartAsync(_folder, settings))
        {
            var sam = new Conversation(doomed.Client) { ServiceUrl = connector.ServiceUrl.ToString() };
            await sam.SayAsync("reflect");

            // The answer is committed; the channel refuses its reply, which waits for a retry on this instance.
            connector.FailNext(HttpStatusCode.InternalServerError);
            using (await doomed.Client.PostAsync(sam.Message("4 3")))
            {
            }

            await connector.WaitForCallsAsync(1);
            doomed.Kill();
        }

        var beforeKill = connector.Calls.Count;

        // A guard against a hang, not a speed target: the survivor takes over within the 30 s.
        for (var waited = 0; waited < 300 && AskedAfter(connector, beforeKill, question) == 0; waited++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(1, AskedAfter(connector, beforeKill, question));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int AskedAfter(FakeConnector connector, int calls, string text) =>
        connector.Calls.Skip(calls).Count(c => c.Activity is { } a && BotClient.TextOf([a]).Contains(text, StringComparison.Ordinal));
}
