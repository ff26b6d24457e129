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
}
