using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Instances;

/// <summary>
/// Two instances of the bot behind one load balancer, on one PostgreSQL database: Teams may send any activity of a
/// conversation to either. Each instance has locks of its own; only the database serialises their turns.
/// </summary>
public sealed class TwoInstancesTests : IDisposable
{
    private const int Skips = 6;
    private readonly BotHost _first;
    private readonly BotHost _second;

    public TwoInstancesTests()
    {
        var settings = TestPostgres.Available ? TestPostgres.HostSettings(TestPostgres.NewSchema()) : [];
        _first = new BotHost(settings: settings);
        // The same key ring, as instances of one installation share it (DataProtection:KeysFolder).
        _second = new BotHost(_first.DataFolder, settings: settings);
    }

    [PostgresFact]
    public async Task One_conversations_messages_alternating_between_instances_at_once_lose_nothing()
    {
        using var one = _first.CreateBotClient();
        using var two = _second.CreateBotClient();
        var expected = await StepAfterSkipsOneByOneAsync(one);
        var onFirst = new Conversation(one);
        var onSecond = new Conversation(two, userId: onFirst.User.Id);
        onSecond.Account.Id = onFirst.Account.Id;
        await onFirst.SayAsync("reflect");

        var answers = await Task.WhenAll(Enumerable.Range(0, Skips).Select(i => (i % 2 == 0 ? onFirst : onSecond).SayAsync("skip")));

        Assert.All(answers, a => Assert.DoesNotContain("Something went wrong", BotClient.TextOf(a), StringComparison.Ordinal));
        Assert.Equal(expected, CardReader.Last(await onSecond.SayAsync("back")).Step);
    }

    [PostgresFact]
    public async Task One_persons_two_conversations_on_two_instances_at_once_lose_nothing()
    {
        using var one = _first.CreateBotClient();
        using var two = _second.CreateBotClient();
        var expected = await StepAfterSkipsOneByOneAsync(one);
        var inChat = new Conversation(one);
        var inMeeting = new Conversation(two, userId: inChat.User.Id);
        await inChat.SayAsync("reflect");

        await Task.WhenAll(Enumerable.Range(0, Skips).Select(i => (i % 2 == 0 ? inChat : inMeeting).SayAsync("skip")));

        Assert.Equal(expected, CardReader.Last(await inChat.SayAsync("back")).Step);
    }

    [PostgresFact]
    public async Task The_same_activity_delivered_to_both_instances_has_one_effect()
    {
        using var one = _first.CreateBotClient();
        using var two = _second.CreateBotClient();
        var expected = await StepAfterSkipsOneByOneAsync(one, skips: 1);
        var onFirst = new Conversation(one);
        var onSecond = new Conversation(two, userId: onFirst.User.Id);
        onSecond.Account.Id = onFirst.Account.Id;
        await onFirst.SayAsync("reflect");

        // Teams re-delivers one activity (same id) while the first delivery is still being handled elsewhere.
        var skip = onFirst.Message("skip");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? one : two).SendAsync(skip)));

        Assert.All(answers, a => Assert.Equal(CardReader.Last(answers[0]).Step, CardReader.Last(a).Step));
        Assert.Equal(expected, CardReader.Last(await onSecond.SayAsync("back")).Step);
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    private static async Task<string?> StepAfterSkipsOneByOneAsync(BotClient client, int skips = Skips)
    {
        var alone = new Conversation(client);
        await alone.SayAsync("reflect");
        for (var i = 0; i < skips; i++)
        {
            await alone.SayAsync("skip");
        }

        return CardReader.Last(await alone.SayAsync("back")).Step;
    }
}
