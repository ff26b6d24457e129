using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Bot;

/// <summary>Whole reflections through the real host over HTTP, as Teams and Slack would drive them.</summary>
public sealed class ReflectionThroughHostTests : IDisposable
{
    private const string Moment = "Jordan looked at the clock while I talked";
    private readonly BotHost _host = new();

    [Fact]
    public async Task A_reflection_by_card_submits_ends_in_a_private_summary_and_repair_language()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);

        var card = CardReader.Last(await person.SayAsync("reflect"));
        Assert.Equal("presence", card.Step);
        card = await Press(person, card, "next", ("presence", "4"), ("settledness", "3"));
        Assert.Equal("pulls", card.Step);
        card = await Press(person, card, "next", ("pulls", "TimePressure,Assessing"));
        card = await Press(person, card, "next", ("misattunement", "Yes"));
        Assert.Equal("moment", card.Step);
        card = await Press(person, card, "next", ("cues", "AngryWithMe"), ("moment", Moment));
        card = await Press(person, card, "next", ("lens", "SeparationDistress"));
        card = await Press(person, card, "next", ("repair", "NotYet"), ("permission", "NotYet"));
        var summary = await Press(person, card, "next", ("pace", "FeltRushed"), ("intention", "Begin with an apology"));

        Assert.Equal("summary", summary.Step);
        Assert.Contains("You were mostly with your client.", summary.Text, StringComparison.Ordinal);
        Assert.Contains("time pressure", summary.Text, StringComparison.Ordinal);
        Assert.Contains($"In your words: \u201c{Moment}\u201d", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Separation distress seemed most alive", summary.Text, StringComparison.Ordinal);
        Assert.Contains("series of reattunements", summary.Text, StringComparison.Ordinal);
        Assert.Equal(1, CountReflections(person.User.Id));

        // Repair language is one press away on the summary itself; asked for by name, it comes as a card of its own.
        Assert.Contains("I'm sorry", summary.Text, StringComparison.Ordinal);
        var repair = CardReader.Last(await person.SayAsync("repair"));
        Assert.Equal("repairLanguage", repair.Step);
        Assert.Contains("I'm sorry", repair.Text, StringComparison.Ordinal);
        Assert.Contains("rushing", repair.Text, StringComparison.Ordinal);
        var more = await Press(person, repair, "more");
        Assert.NotEqual(repair.Text, more.Text);

        var done = BotClient.TextOf(await person.SubmitAsync(more.Press("done")));
        Assert.Contains("Noticing is part of the work", done, StringComparison.Ordinal);
        Assert.Equal(1, CountReflections(person.User.Id));
        Assert.DoesNotContain("Jordan", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reflection_by_typed_text_alone_works_on_slack()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client, channelId: "slack");

        var first = await person.SayAsync("reflect");
        Assert.Contains("1. Mostly elsewhere", Text(first), StringComparison.Ordinal);
        Assert.NotNull(first[^1].ChannelData);
        await person.SayAsync("4 3");
        await person.SayAsync("protocol, time pressure");
        await person.SayAsync("not sure");
        await person.SayAsync("withdrew");
        await person.SayAsync("skip");
        await person.SayAsync("secure base");
        await person.SayAsync("partly, not yet");
        await person.SayAsync("1");
        var summary = Text(await person.SayAsync("Slow down at the start"));

        Assert.Contains("Your reflection", summary, StringComparison.Ordinal);
        Assert.Contains("You were pulled away by applying a protocol and time pressure.", summary, StringComparison.Ordinal);
        Assert.Contains("Your client withdrew or went quiet.", summary, StringComparison.Ordinal);
        Assert.Contains("Secure base seemed most alive", summary, StringComparison.Ordinal);
        Assert.Contains("Slow down at the start", summary, StringComparison.Ordinal);
        var repair = Text(await person.SayAsync("repair"));
        Assert.Contains("I'm sorry", repair, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_skip_and_cancel_work_at_any_step_and_nothing_answered_is_lost()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("2 4");
        await person.SayAsync("skip");

        var back = CardReader.Last(await person.SayAsync("back"));
        Assert.Equal("pulls", back.Step);
        back = CardReader.Last(await person.SayAsync("back"));
        Assert.Equal("presence", back.Step);
        Assert.Equal("2", back.InputValue("presence"));
        Assert.Equal("4", back.InputValue("settledness"));

        var cancelled = BotClient.TextOf(await person.SayAsync("cancel"));
        Assert.DoesNotContain("Step", cancelled, StringComparison.Ordinal);
        var fresh = CardReader.Last(await person.SayAsync("reflect"));
        Assert.Equal("presence", fresh.Step);
        Assert.True(string.IsNullOrEmpty(fresh.InputValue("presence")));
    }

    [Fact]
    public async Task A_restart_of_the_bot_in_the_middle_of_a_reflection_loses_nothing()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        using (var client = _host.CreateBotClient())
        {
            var before = new Conversation(client, userId: userId);
            await before.SayAsync("reflect");
            await before.SayAsync("5 5");
            await before.SayAsync("nothing");
        }

        using var restarted = _host.Restarted();
        using var after = restarted.CreateBotClient();
        var person = new Conversation(after, userId: userId);
        var card = CardReader.Last(await person.SayAsync("no"));
        Assert.Equal("lens", card.Step);
        var summary = await person.SkipToSummaryAsync();

        Assert.Contains("You were fully with your client.", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing pulled you away: you stayed present.", summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_that_do_not_fit_get_a_kind_re_ask_and_change_nothing()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");

        var outOfRange = CardReader.Last(await person.SayAsync("9"));
        Assert.Equal("presence", outOfRange.Step);
        Assert.Contains("1 to 5", outOfRange.Text, StringComparison.Ordinal);

        var forged = CardReader.Last(await person.SubmitAsync(new { flow = "reflection", step = "lens", action = "next", lens = "SafeHaven" }));
        Assert.Equal("presence", forged.Step);
        var unknownChoice = CardReader.Last(await person.SubmitAsync(new { flow = "reflection", step = "presence", action = "next", presence = "11" }));
        Assert.Equal("presence", unknownChoice.Step);

        var malformed = person.Message(string.Empty);
        malformed.Text = null;
        malformed.Value = "[1, 2, 3]";
        var malformedReply = await person.SendAsync(malformed);
        Assert.Contains("presence", CardReader.Last(malformedReply).Step, StringComparison.Ordinal);

        var next = CardReader.Last(await person.SayAsync("3 3"));
        Assert.Equal("pulls", next.Step);
    }

    [Fact]
    public async Task A_very_long_answer_is_refused_kindly_and_kept_so_it_can_be_shortened()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("skip");
        await person.SayAsync("skip");
        await person.SayAsync("skip");
        await person.SayAsync("yes");
        await person.SayAsync("skip");
        var longText = string.Concat(Enumerable.Repeat("She turned away and I kept talking. ", 560))[..19_999] + ".";

        var replies = await person.SayAsync(longText);

        var card = CardReader.Last(replies);
        Assert.Equal("moment", card.Step);
        Assert.Contains("500", BotClient.TextOf(replies), StringComparison.Ordinal);
        Assert.Equal(longText, card.InputValue("moment"));
        Assert.DoesNotContain("She turned away", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_delivery_of_an_answer_is_recorded_once()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        var answer = person.Message("4 4");

        var first = CardReader.Last(await person.SendAsync(answer));
        var repeat = CardReader.Last(await person.SendAsync(answer));
        var current = CardReader.Last(await person.SayAsync("back"));

        Assert.Equal("pulls", first.Step);
        Assert.Equal("pulls", repeat.Step);
        Assert.Equal("presence", current.Step);
    }

    [Fact]
    public async Task Reflections_stay_out_of_group_conversations()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        var inChannel = person.Message("reflect");
        inChannel.Conversation = new ConversationAccount(isGroup: true, id: "19:channel@thread.tacv2", conversationType: "channel");

        var reply = BotClient.TextOf(await person.SendAsync(inChannel));

        Assert.Contains("one-to-one chat", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reflection_under_way_is_not_answered_by_what_the_person_says_in_a_channel()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        var inChannel = person.Message("4 3");
        inChannel.Conversation = new ConversationAccount(isGroup: true, id: "19:channel@thread.tacv2", conversationType: "channel");

        var reply = BotClient.TextOf(await person.SendAsync(inChannel));
        var stillAtPresence = CardReader.Last(await person.SayAsync("back"));

        Assert.Contains("talk with me one-to-one", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("about three minutes", reply, StringComparison.Ordinal);
        Assert.Equal("presence", stillAtPresence.Step);
        Assert.True(string.IsNullOrEmpty(stillAtPresence.InputValue("presence")));
    }

    [Fact]
    public async Task Feeling_unsettled_twice_in_a_row_brings_a_gentle_note_about_pace()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("3 2");
        await person.SkipToSummaryAsync();
        await person.SayAsync("another");
        var second = BotClient.TextOf(await person.SayAsync("3 1"));

        Assert.Contains("inner peace", second, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private static async Task<CardReader> Press(Conversation person, CardReader card, string action, params (string Id, string Value)[] inputs) =>
        CardReader.Last(await person.SubmitAsync(card.Press(action, inputs)));

    private static string Text(IEnumerable<Activity> replies) => string.Join('\n', replies.Select(r => r.Text));

    private int CountReflections(string userId) =>
        Convert.ToInt32(_host.Scalar("SELECT COUNT(*) FROM reflection WHERE owner_key = @owner", ("@owner", $"msteams:{userId}")), System.Globalization.CultureInfo.InvariantCulture);
}
