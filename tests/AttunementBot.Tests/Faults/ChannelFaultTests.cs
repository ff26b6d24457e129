using System.Net;
using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// The channel misbehaving while the bot replies: the person's earlier answers are kept, the
/// failure is logged, and the bot does not hammer the channel with retries.
/// </summary>
public sealed class ChannelFaultTests : IAsyncLifetime, IDisposable
{
    private readonly BotHost _host = new();
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public ChannelFaultTests() => _client = _host.CreateBotClient();

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_failing_reply_keeps_earlier_answers_and_tries_the_channel_at_most_twice(HttpStatusCode failure)
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await SendAsync(person, "reflect");
        await SendAsync(person, "4 3");
        var before = _connector.Calls.Count;

        _connector.FailNext(failure, retryAfterSeconds: failure == HttpStatusCode.TooManyRequests ? 1 : null);
        using var failed = await _client.PostAsync(person.Message("1"));
        await Task.Delay(200);

        Assert.True(failed.StatusCode < HttpStatusCode.InternalServerError, $"The bot answered the channel with {(int)failed.StatusCode}.");
        Assert.InRange(_connector.Calls.Count - before, 1, 2);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Turn failed", StringComparison.Ordinal));

        var presence = CardReader.Last(await person.SayAsync("back"));
        Assert.Equal("presence", presence.Step);
        Assert.Equal("4", presence.InputValue("presence"));
        Assert.Equal("3", presence.InputValue("settledness"));
    }

    [Fact]
    public async Task A_slow_channel_still_gets_the_reply_and_the_answer_is_kept()
    {
        var person = new Conversation(_client) { ServiceUrl = _connector.ServiceUrl.ToString() };
        await SendAsync(person, "reflect");
        _connector.Latency = TimeSpan.FromSeconds(1.5);

        await SendAsync(person, "4 3");

        Assert.Contains("Was anything pulling you away", BotClient.TextOf(_connector.Sent), StringComparison.Ordinal);
        _connector.Latency = TimeSpan.Zero;
        Assert.Equal("4", CardReader.Last(await person.SayAsync("back")).InputValue("presence"));
    }

    private async Task SendAsync(Conversation person, string text)
    {
        var expected = _connector.Calls.Count + 1;
        using var response = await _client.PostAsync(person.Message(text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _connector.WaitForCallsAsync(expected);
    }
}
