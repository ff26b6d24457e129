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
            using (await doomed.Client.PostAsync(sam.Message("reflect")))
            {
            }

            await connector.WaitForCallsAsync(1);

            // The answer is committed; the channel refuses its reply, which waits for a retry on this instance.
            connector.FailNext(HttpStatusCode.InternalServerError);
            using (await doomed.Client.PostAsync(sam.Message("4 3")))
            {
            }

            await connector.WaitForCallsAsync(2);
            doomed.Kill();
        }

        // A guard against a hang, not a speed target: the survivor takes over within the 30 s.
        await connector.WaitForCallsAsync(3, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(4));

        var asked = connector.Sent.Where(a => BotClient.TextOf([a]).Contains(question, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, asked.Count); // the refused attempt, and the one delivery
        Assert.Equal(3, connector.Calls.Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
