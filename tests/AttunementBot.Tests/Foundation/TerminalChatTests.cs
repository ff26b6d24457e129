using AttunementBot.Bot;
using AttunementBot.Chat;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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
        Assert.Contains("In your words: \u201cI looked at the clock\u201d", text);
        Assert.Contains("Type: see repair language · share · my reflections · done · another", text);
        Assert.Contains("I'm sorry", text);
        Assert.DoesNotContain("{", text);
    }

    [Fact]
    public async Task The_terminal_chat_wraps_between_words_and_does_not_repeat_the_menu_after_an_answer()
    {
        using var host = new BotHost();
        var chat = host.Services.GetRequiredService<TerminalChat>();
        using var output = new StringWriter();

        await chat.RunAsync(new StringReader("reflect\nmostly with them\nquit\n"), output, CancellationToken.None, width: 40);

        var text = output.ToString();
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 40, $"Longer than 40 columns: {line}"));
        var words = WordsOf(text);
        Assert.Contains("three", words);
        Assert.Contains("  1. Mostly elsewhere, in my own head", text);
        Assert.Contains("Noted: mostly with them.", text.Replace("\n", " "));
        var afterAnswer = text[text.IndexOf("Noted:", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Fully with them", afterAnswer);
        Assert.Single(text.Split("Type: next").Skip(1));
    }

    [Fact]
    public async Task The_terminal_chat_names_you_and_keeps_the_machine_time_zone_not_the_os_user()
    {
        using var host = new BotHost();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var machine = new FakeTimeProvider(DateTimeOffset.UtcNow);
        machine.SetLocalTimeZone(paris);
        var chat = new TerminalChat(
            host.Services.GetRequiredService<AttunementAdapter>(),
            host.Services.GetRequiredService<IBot>(),
            machine,
            Options.Create(new TerminalChatOptions()));
        using var output = new StringWriter();

        await chat.RunAsync(new StringReader("remind me weekdays at 17:30\nschedules\nquit\n"), output, CancellationToken.None, width: 100);

        var text = output.ToString();
        Assert.Contains("(Paris)", text);
        Assert.DoesNotContain("UTC", text);
        Assert.DoesNotContain($"for {Environment.UserName}", text);
    }

    private static HashSet<string> WordsOf(string text) =>
        [.. text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];
}
