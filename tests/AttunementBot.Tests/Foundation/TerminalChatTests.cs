using AttunementBot.Chat;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.Foundation;

public sealed class TerminalChatTests
{
    [Fact]
    public async Task The_terminal_chat_welcomes_answers_and_says_goodbye()
    {
        using var host = new BotHost();
        var chat = host.Services.GetRequiredService<TerminalChat>();
        using var output = new StringWriter();

        await chat.RunAsync(new StringReader("help\nquit\n"), output, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("about three minutes", text);
        Assert.Contains("Here's what I can do", text);
        Assert.Contains("Take care", text);
    }

    [Fact]
    public async Task The_terminal_chat_runs_a_whole_reflection_in_plain_text()
    {
        using var host = new BotHost();
        var chat = host.Services.GetRequiredService<TerminalChat>();
        using var output = new StringWriter();
        var typed = string.Join('\n', "reflect", "4 3", "1, 6", "yes", "2", "I looked at the clock", "1", "not yet, not yet", "1", "Say sorry first", "repair", "done", "quit");

        await chat.RunAsync(new StringReader(typed), output, CancellationToken.None);

        var text = output.ToString();
        Assert.Contains("1. Mostly elsewhere, in my own head", text);
        Assert.Contains("Type: next · skip · help · cancel", text);
        Assert.Contains("Your reflection", text);
        Assert.Contains("The moment: I looked at the clock", text);
        Assert.Contains("Type: repair · share · another · done", text);
        Assert.Contains("I'm sorry", text);
        Assert.DoesNotContain("{", text);
    }
}
