using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Foundation;

public sealed class WelcomeAndHelpTests : IDisposable
{
    private readonly BotHost _host = new();

    [Fact]
    public async Task First_message_is_welcomed_once_with_the_privacy_promise()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);

        var first = BotClient.TextOf(await person.SayAsync("hi"));
        var second = BotClient.TextOf(await person.SayAsync("hi"));

        Assert.Contains("about three minutes", first);
        Assert.Contains("private", first);
        Assert.Contains("reflect", first);
        Assert.DoesNotContain("about three minutes", second);
        Assert.Contains("reflect", second);
    }

    [Fact]
    public async Task Installing_the_bot_in_a_personal_chat_welcomes_the_person()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);

        var replies = await person.SendAsync(person.MemberAdded());

        Assert.Contains("about three minutes", BotClient.TextOf(replies));
    }

    [Fact]
    public async Task Help_lists_what_the_bot_can_do_and_points_safety_concerns_to_the_clinic()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");

        var help = BotClient.TextOf(await person.SayAsync("Help!"));

        Assert.Contains("\"reflect\"", help);
        Assert.Contains("\"cancel\"", help);
        Assert.Contains("clinic's own protocol", help);
        Assert.Contains("supervisor", help);
    }

    [Fact]
    public async Task An_unknown_command_gets_a_kind_pointer_to_what_works()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");

        var reply = BotClient.TextOf(await person.SayAsync("make me a sandwich"));

        Assert.Contains("that's all right", reply);
        Assert.Contains("\"help\"", reply);
    }

    [Fact]
    public async Task The_welcome_is_remembered_across_a_restart()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        using (var client = _host.CreateBotClient())
        {
            await new Conversation(client, userId: userId).SayAsync("hi");
        }

        using var restarted = _host.Restarted();
        using var after = restarted.CreateBotClient();
        var reply = BotClient.TextOf(await new Conversation(after, userId: userId).SayAsync("hi"));

        Assert.DoesNotContain("about three minutes", reply);
    }

    [Fact]
    public async Task Thanks_gets_a_warm_reply_rather_than_puzzlement()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");

        var reply = BotClient.TextOf(await person.SayAsync("Thanks!"));

        Assert.Contains("You're welcome", reply);
        Assert.DoesNotContain("not sure what you meant", reply);
    }

    [Fact]
    public async Task My_reflections_before_any_is_answered_kindly()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");

        var reply = BotClient.TextOf(await person.SayAsync("my reflections"));

        Assert.Contains("no completed reflections yet", reply);
        Assert.DoesNotContain("not sure what you meant", reply);
    }

    [Fact]
    public async Task Telling_of_a_hard_session_is_met_warmly_with_an_offer_to_reflect()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");

        var reply = BotClient.TextOf(await person.SayAsync("I feel awful about how that session went"));

        Assert.Contains("I'm sorry it feels that way", reply);
        Assert.Contains("\"reflect\"", reply);
        Assert.Contains("sense of safety", reply);
        Assert.DoesNotContain("not sure what you meant", reply);

        var started = CardReader.Last(await person.SayAsync("reflect"));
        Assert.Equal("presence", started.Step);
    }

    [Fact]
    public async Task Hi_after_a_restart_mid_reflection_greets_and_shows_the_open_step_without_answering_it()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        using (var client = _host.CreateBotClient())
        {
            var before = new Conversation(client, userId: userId);
            await before.SayAsync("reflect");
            await before.SayAsync("4 3");
            await before.SayAsync("the clock");
            await before.SayAsync("yes");
            await before.SayAsync("she went quiet");
        }

        using var restarted = _host.Restarted();
        using var after = restarted.CreateBotClient();
        var person = new Conversation(after, userId: userId);
        var replies = await person.SayAsync("hi");

        Assert.Contains("Hello again", BotClient.TextOf(replies));
        var card = CardReader.Last(replies);
        Assert.Equal("moment", card.Step);
        Assert.True(string.IsNullOrEmpty(card.InputValue("moment")));

        var summary = await person.SkipToSummaryAsync();
        Assert.DoesNotContain("In your words", summary.Text, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
