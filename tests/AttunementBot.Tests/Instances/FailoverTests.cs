using System.Net;
using AttunementBot.Tests.Infrastructure;
using Npgsql;

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
        var database = TestPostgres.NewSchema();
        string[] settings =
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={database}",
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
            var calls = connector.Calls.Count;
            connector.FailNext(HttpStatusCode.InternalServerError);
            using (await doomed.Client.PostAsync(sam.Message("4 3")))
            {
            }

            await connector.WaitForCallsAsync(calls + 1);

            // Killed only once the retry is recorded: a send still in flight when its instance dies may have reached
            // the person, so it is (rightly) never sent again, and this test would then be about something else.
            for (var waited = 0; waited < 100 && !await RetryRecordedAsync(database); waited++)
            {
                await Task.Delay(100);
            }

            Assert.True(await RetryRecordedAsync(database), doomed.Output);
            doomed.Kill();
        }

        var beforeKill = connector.Calls.Count;

        // A guard against a hang, not a speed target: the survivor takes over within the 30 s.
        for (var waited = 0; waited < 300 && AskedAfter(connector, beforeKill, question) == 0; waited++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.True(AskedAfter(connector, beforeKill, question) == 1, $"Asked {AskedAfter(connector, beforeKill, question)} times after the kill. Survivor:{Environment.NewLine}{survivor.Output}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<bool> RetryRecordedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM turn WHERE status = 'pending')", connection);
        return await query.ExecuteScalarAsync() is true;
    }

    private static int AskedAfter(FakeConnector connector, int calls, string text) =>
        connector.Calls.Skip(calls).Count(c => c.Activity is { } a && BotClient.TextOf([a]).Contains(text, StringComparison.Ordinal));
}
