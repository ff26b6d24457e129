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

    public void Dispose() => _host.Dispose();
}
