using System.Net;
using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// The channel misbehaving while the bot replies (normal delivery, through the connector): the answer the person
/// just gave is kept whatever happens to the reply, the reply is tried again a bounded number of times (after
/// Retry-After on 429), the inbound request is not held while the channel hangs, and a reply that never arrives
/// leaves the person able to go on.
/// </summary>
public sealed class ChannelFaultTests : IAsyncLifetime, IDisposable
{
    private const string PullsQuestion = "Was anything pulling you away";

    private readonly BotHost _host = new(settings: new Dictionary<string, string?>
    {
        ["Delivery:RetryBaseDelay"] = "00:00:00.200",
        ["Delivery:MaxAttempts"] = "3",
        ["Delivery:AttemptTimeout"] = "00:00:08",
        ["Delivery:ReplyWait"] = "00:00:02",
    });

    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public ChannelFaultTests() => _client = _host.CreateBotClient();

    public static TheoryData<string> Failures => ["500", "502", "429", "hang", "closed"];

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_reply_the_channel_fails_is_delivered_later_and_the_answer_is_kept(string failure)
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var before = _connector.Sent.Count();

        Fail(failure);
        using var answered = await _client.PostAsync(person.Message("4 3"));

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await WaitForPostsAsync(before + 2, TimeSpan.FromSeconds(30));
        Assert.Contains(PullsQuestion, BotClient.TextOf([_connector.Sent.Last()]), StringComparison.Ordinal);

        // One failure costs one more attempt (a very slow machine may time one out: then two), never a storm. (The
        // answered card's recap, an update, follows the new card once it is through.)
        await Task.Delay(500);
        Assert.InRange(_connector.Sent.Count() - before, 2, 3);

        var presence = await BackToPresenceAsync(person);
        Assert.Equal("4", presence.InputValue("presence"));
        Assert.Equal("3", presence.InputValue("settledness"));
    }

    [Fact]
    public async Task Retry_after_from_the_channel_is_honoured()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var before = _connector.Calls.Count;

        _connector.FailNext(HttpStatusCode.TooManyRequests, retryAfterSeconds: 2);
        using var answered = await _client.PostAsync(person.Message("4 3"));
        await _connector.WaitForCallsAsync(before + 2);

        var arrivals = _connector.ArrivalTimes;
        Assert.True(arrivals[before + 1] - arrivals[before] >= TimeSpan.FromSeconds(1.9), "The bot tried again before the channel's Retry-After.");
    }

    [Fact]
    public async Task A_hanging_channel_does_not_hold_the_inbound_request()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var before = _connector.Sent.Count();

        _connector.HangNext(TimeSpan.FromMinutes(5));
        using var answered = await _client.PostAsync(person.Message("4 3"));

        // Answered while the channel still hangs (its answer would take minutes); the reply follows on a second try.
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await WaitForPostsAsync(before + 2, TimeSpan.FromSeconds(30));
        Assert.Contains(PullsQuestion, BotClient.TextOf([_connector.Sent.Last()]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, 1)]
    [InlineData(HttpStatusCode.InternalServerError, 3)]
    public async Task A_reply_that_never_arrives_leaves_the_person_where_they_were(HttpStatusCode failure, int expectedAttempts)
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var before = _connector.Calls.Count;

        for (var i = 0; i < expectedAttempts; i++)
        {
            _connector.FailNext(failure);
        }

        using var answered = await _client.PostAsync(person.Message("4 3"));
        await _connector.WaitForCallsAsync(before + expectedAttempts);
        await Task.Delay(1000);
        Assert.Equal(before + expectedAttempts, _connector.Calls.Count);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("could not be delivered", StringComparison.Ordinal));

        // Their next words are not taken as an answer to a question they never saw: they see it first.
        await SendAsync(person, "2");
        var shown = _connector.Sent.TakeLast(2).ToList();
        Assert.Contains("didn't reach you", BotClient.TextOf(shown), StringComparison.Ordinal);
        Assert.Contains(PullsQuestion, BotClient.TextOf(shown), StringComparison.Ordinal);

        var presence = await BackToPresenceAsync(person);
        Assert.Equal("4", presence.InputValue("presence"));
    }

    [Fact]
    public async Task A_slow_channel_still_gets_the_reply_and_the_answer_is_kept()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        _connector.Latency = TimeSpan.FromSeconds(0.5);

        await SendAsync(person, "4 3");

        Assert.Contains(PullsQuestion, BotClient.TextOf(_connector.Sent), StringComparison.Ordinal);
        _connector.Latency = TimeSpan.Zero;
        Assert.Equal("4", (await BackToPresenceAsync(person)).InputValue("presence"));
    }

    [Fact]
    public async Task A_reply_redelivered_by_the_channel_after_a_failed_send_has_one_effect()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var before = _connector.Sent.Count();
        var answer = person.Message("4 3");

        _connector.FailNext(HttpStatusCode.BadGateway);
        using (await _client.PostAsync(answer))
        {
        }

        using (await _client.PostAsync(answer))
        {
        }

        // The failed send and its retry, both of the one decided reply; the repeat decided nothing.
        await WaitForPostsAsync(before + 2);
        await Task.Delay(500);
        var sends = _connector.Sent.Skip(before).ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(BotClient.TextOf([sends[0]]), BotClient.TextOf([sends[1]]));
        Assert.Contains(PullsQuestion, BotClient.TextOf([sends[1]]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recap_the_channel_keeps_failing_is_let_go_and_the_person_goes_on_as_if_nothing_happened()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await StartReflectionAsync(person);
        var posts = _connector.Sent.Count();
        var calls = _connector.Calls.Count;
        _connector.FailUpdates = HttpStatusCode.InternalServerError;

        // The new question arrives; the recap of the answered card (an update) fails after it.
        await SendAsync(person, "4 3");
        await _connector.WaitForCallsAsync(calls + 2);
        Assert.Contains(PullsQuestion, BotClient.TextOf([_connector.Sent.Last()]), StringComparison.Ordinal);

        // The recap is tried once, not retried like a message, so it holds up nothing behind it ...
        await Task.Delay(1500);
        Assert.Single(_connector.Calls.Skip(calls), c => c.Method == "PUT");

        // ... and what the person saw was all they needed: their next message is no "didn't reach you".
        var presence = await BackToPresenceAsync(person);
        Assert.Equal("4", presence.InputValue("presence"));
        Assert.DoesNotContain("didn't reach you", BotClient.TextOf(_connector.Sent.Skip(posts)), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Contains("could not be delivered", StringComparison.Ordinal));
    }

    private void Fail(string failure)
    {
        switch (failure)
        {
            case "hang":
                _connector.HangNext(TimeSpan.FromMinutes(5));
                break;
            case "closed":
                _connector.DropNext();
                break;
            case "429":
                _connector.FailNext(HttpStatusCode.TooManyRequests, retryAfterSeconds: 1);
                break;
            default:
                _connector.FailNext((HttpStatusCode)int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>"back" from the pulls step, read from what the channel received.</summary>
    private async Task<CardReader> BackToPresenceAsync(Conversation person)
    {
        await SendAsync(person, "back");
        return CardReader.Last(_connector.Sent.TakeLast(1).ToList());
    }

    /// <summary>
    /// A new person's first "reflect": the welcome, then the first step, two posts. Waiting for both matters: a failure
    /// scripted for the next turn's reply must not meet this turn's second post instead.
    /// </summary>
    private Task StartReflectionAsync(Conversation person) => SendAsync(person, "reflect", posts: 2);

    private async Task SendAsync(Conversation person, string text, int posts = 1)
    {
        var expected = _connector.Sent.Count() + posts;
        using var response = await _client.PostAsync(person.Message(text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForPostsAsync(expected);
    }

    /// <summary>
    /// Waits for messages posted, what the person sees: an earlier turn's recap (an update of its card) may still be
    /// on its way and must not be taken for this turn's reply.
    /// </summary>
    private async Task WaitForPostsAsync(int count, TimeSpan? timeout = null)
    {
        for (var calls = _connector.Calls.Count + 1; _connector.Sent.Count() < count; calls++)
        {
            await _connector.WaitForCallsAsync(calls, timeout);
        }
    }
}
