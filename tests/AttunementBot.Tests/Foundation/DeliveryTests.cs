using System.Net;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace AttunementBot.Tests.Foundation;

public sealed class DeliveryTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public async Task A_repeated_delivery_of_the_same_activity_gets_the_same_answer_and_is_not_handled_twice()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        var hello = person.Message("hi");

        var first = await person.SendAsync(hello);
        var repeat = await person.SendAsync(hello);

        // A caller that repeats because it lost the first answer gets that answer, not a second turn.
        Assert.NotEmpty(first);
        Assert.Equal(BotClient.TextOf(first), BotClient.TextOf(repeat));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Ignored a repeated delivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_activity_id_in_another_conversation_is_not_a_duplicate()
    {
        using var client = _host.CreateBotClient();
        var a = new Conversation(client);
        var b = new Conversation(client);
        var fromA = a.Message("hi");
        var fromB = b.Message("hi");
        fromB.Id = fromA.Id;

        await a.SendAsync(fromA);
        var replies = await b.SendAsync(fromB);

        Assert.NotEmpty(replies);
    }

    [Fact]
    public async Task Normal_delivery_sends_replies_to_the_channel_over_http()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var client = _host.CreateBotClient();
        var person = new Conversation(client) { ServiceUrl = connector.ServiceUrl.ToString() };

        using var response = await client.PostAsync(person.Message("hi"));
        var calls = await connector.WaitForCallsAsync(1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(calls, c => Assert.Equal(person.Account.Id, c.ConversationId));
        Assert.Contains("about three minutes", BotClient.TextOf(connector.Sent));
        Assert.All(connector.Sent, a => Assert.Equal(ActivityTypes.Message, a.Type));
    }

    [Fact]
    public async Task Replies_delivered_from_the_outbox_answer_the_message_they_reply_to()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var client = _host.CreateBotClient();
        var person = new Conversation(client) { ServiceUrl = connector.ServiceUrl.ToString() };
        var hello = person.Message("hi");

        using var response = await client.PostAsync(hello);
        var calls = await connector.WaitForCallsAsync(1);

        // Web Chat holds a reply back until it has the message the reply names, so the name must be that message's.
        Assert.All(calls, c => Assert.EndsWith("/activities/" + hello.Id, c.Path, StringComparison.Ordinal));
        Assert.All(connector.Sent, a => Assert.Equal(hello.Id, a.ReplyToId));
    }

    [Fact]
    public async Task A_whole_turn_never_loads_the_AdaptiveCards_assembly()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);

        await person.SayAsync("hi");
        await person.SayAsync("help");

        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "AdaptiveCards");
        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.Bot.Schema");
    }

    public void Dispose() => _host.Dispose();
}
