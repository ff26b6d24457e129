using Microsoft.Extensions.DependencyInjection;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace AttunementBot.Tests.Faults;

/// <summary>Odd answers, odd submits, odd timing: a kind answer, and nothing the person gave is lost.</summary>
public sealed class AnswerFaultTests : IDisposable
{
    private static readonly string[] TwoValues = ["4", "5"];
    private readonly BotHost _host = new();

    public static TheoryData<string, object> BadSubmits => new()
    {
        { "a value of the wrong type", new { flow = "reflection", step = "presence", action = "next", presence = new { value = 4 } } },
        { "a list where one value fits", new { flow = "reflection", step = "presence", action = "next", presence = TwoValues } },
        { "an input the step does not have", new { flow = "reflection", step = "presence", action = "next", presence = "4", lens = "SafeHaven" } },
        { "a choice that does not exist", new { flow = "reflection", step = "presence", action = "next", presence = "seven" } },
        { "a step from later in the flow", new { flow = "reflection", step = "forward", action = "next", pace = "ClientsPace" } },
        { "an action that does not exist", new { flow = "reflection", step = "presence", action = "launch" } },
        { "no action at all", new { flow = "reflection", step = "presence", presence = "4" } },
        { "a flow that does not exist", new { flow = "surgery", action = "start" } },
    };

    [Theory]
    [MemberData(nameof(BadSubmits))]
    public async Task A_submit_that_does_not_fit_gets_a_kind_re_ask_and_changes_nothing(string what, object submit)
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("3");
        var before = UserState(person.User.Id);

        var replies = await person.SubmitAsync(submit);

        var text = BotClient.TextOf(replies);
        Assert.False(string.IsNullOrWhiteSpace(text), what);
        Assert.DoesNotContain("went wrong", text, StringComparison.Ordinal);
        Assert.Equal(before, UserState(person.User.Id));
    }

    [Theory]
    [InlineData("🌱🌱🌱")]
    [InlineData("كان العميل صامتًا عندما نظرت إلى الساعة")]
    [InlineData("<b>bold</b> & <script>alert(1)</script> {not: json} ${template}")]
    [InlineData("line one\nline two")]
    public async Task Unusual_text_is_kept_exactly_as_written(string moment)
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        foreach (var answer in new[] { "reflect", "3 3", "skip", "yes", "skip" })
        {
            await person.SayAsync(answer);
        }

        await person.SayAsync(moment);
        var summary = await person.SkipToSummaryAsync();

        Assert.Contains($"In your words: \u201c{moment}\u201d", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_are_dropped_and_the_rest_kept()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        foreach (var answer in new[] { "reflect", "3 3", "skip", "yes", "skip" })
        {
            await person.SayAsync(answer);
        }

        await person.SayAsync("she\u0007 looked\u0000 away\u202E");
        var summary = await person.SkipToSummaryAsync();

        Assert.Contains("In your words: \u201cshe looked away\u201d", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_message_gets_a_gentle_answer()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");
        await person.SayAsync("reflect");

        var empty = person.Message(string.Empty);
        var replies = await person.SendAsync(empty);

        Assert.Equal("presence", CardReader.Last(replies).Step);
    }

    [Fact]
    public async Task Two_answers_sent_at_the_same_moment_are_both_kept()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");

        await Task.WhenAll(person.SayAsync("4"), person.SayAsync("2"));

        var presence = CardReader.Last(await person.SayAsync("back"));
        Assert.Equal("presence", presence.Step);
        Assert.Equal(["2", "4"], new[] { presence.InputValue("presence"), presence.InputValue("settledness") }.Order());
    }

    [Fact]
    public async Task The_same_answer_delivered_twice_at_once_is_handled_once()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("4");
        var answer = person.Message("2");

        var both = await Task.WhenAll(person.SendAsync(answer), person.SendAsync(answer));

        // Both callers get the one answer the first handling decided.
        Assert.NotEmpty(both[0]);
        Assert.Equal(BotClient.TextOf(both[0]), BotClient.TextOf(both[1]));
        var current = CardReader.Last(await person.SayAsync("1"));
        Assert.Equal("misattunement", current.Step);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>The person's stored state, less the time of their last turn (which a re-ask rightly moves on).</summary>
    private string UserState(string userId)
    {
        var stored = (string)_host.Scalar("SELECT data FROM bot_state WHERE key LIKE '%/users/' || @user", ("@user", userId))!;
        var protector = new AttunementBot.Storage.Protection.ColumnProtector(
            _host.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), AttunementBot.Storage.BotStateStorage.Data);
        var state = Newtonsoft.Json.Linq.JObject.Parse(protector.Unprotect(stored));
        foreach (var touched in state.Descendants().OfType<Newtonsoft.Json.Linq.JProperty>().Where(p => p.Name == "UpdatedAt").ToList())
        {
            touched.Remove();
        }

        return state.ToString();
    }
}
