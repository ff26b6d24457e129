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

            // The first step may come after a welcome: wait for the step itself, so the hang below falls on the
            // answer's reply and not on the rest of this one.
            for (var calls = 1; !connector.Sent.Any(a => BotClient.TextOf([a]).Contains("Mostly with them", StringComparison.Ordinal)); calls++)
            {
                await connector.WaitForCallsAsync(calls);
            }

            // The answer is committed; its reply is on the way to a channel that does not answer.
            var answered = connector.Calls.Count;
            connector.HangNext(TimeSpan.FromMinutes(5));
            using (await first.Client.PostAsync(sam.Message("4 3")))
            {
            }

            await connector.WaitForCallsAsync(answered + 1);
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
}
