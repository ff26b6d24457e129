using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.History;

/// <summary>
/// The repair loop through the real host: a reflection that noticed a moment still to repair, or carried an
/// intention, opens the next one by following it up, gently and skippably, by card or in the person's own words.
/// </summary>
public sealed class FollowUpThroughHostTests : IDisposable
{
    private const string Intention = "Say I'm sorry first, then slow down";
    private readonly BotHost _host = new();

    [Fact]
    public async Task A_not_yet_is_followed_up_next_time_and_then_reads_noticed_then_repaired()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await ReflectAsync(sam, repair: "NotYet", intention: Intention);

        var opening = CardReader.Last(await sam.SayAsync("reflect"));

        Assert.Equal("followUp", opening.Step);
        Assert.Contains("Since last time", opening.Text, StringComparison.Ordinal);
        Assert.Contains("you noticed a moment of misattunement, and there hadn't been a chance to repair it yet", opening.Text, StringComparison.Ordinal);
        Assert.Contains("\"I'm sorry\"", opening.Text, StringComparison.Ordinal);
        Assert.Contains($"You carried this in: \"{Intention}\"", opening.Text, StringComparison.Ordinal);
        Assert.Contains("It was a different client", opening.Text, StringComparison.Ordinal);

        // In their own words: the repair and how the client met it, in one reply.
        var next = CardReader.Last(await sam.SayAsync("yes, I said I'm sorry and she softened"));
        Assert.Equal("followUp", next.Step);
        Assert.Contains("Did that intention come with you", next.Text, StringComparison.Ordinal);
        var presence = CardReader.Last(await sam.SayAsync("it came with me"));
        Assert.Equal("presence", presence.Step);
        Assert.Contains("Step 2 of 8", presence.Text, StringComparison.Ordinal);

        var summary = await sam.SkipToSummaryAsync();
        Assert.Equal("Noticed, then repaired", summary.Fact("The moment from last time"));
        Assert.Equal("They came back toward me", summary.Fact("How your client met the repair"));
        Assert.Equal("Yes, it came with me", summary.Fact("The intention you carried in"));

        var list = CardReader.Last(await sam.SayAsync("my reflections"));
        Assert.Contains("A moment noticed · noticed, then repaired", list.Text, StringComparison.Ordinal);
        var older = CardReader.Last(await sam.SayAsync("open 2"));
        Assert.StartsWith("Noticed, then repaired (", older.Fact("Since then"), StringComparison.Ordinal);
        Assert.Contains("The repair is still to come.", older.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skipped_follow_up_leaves_the_last_reflection_as_it_was()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await ReflectAsync(sam, repair: "Partly", intention: null);

        var opening = CardReader.Last(await sam.SayAsync("reflect"));
        Assert.Contains("began to repair it", opening.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("You carried this in", opening.Text, StringComparison.Ordinal);
        var presence = CardReader.Last(await sam.SubmitAsync(opening.Press("skip")));

        Assert.Equal("presence", presence.Step);
        var summary = await sam.SkipToSummaryAsync();
        Assert.Equal("Skipped", summary.Fact("The moment from last time"));
        var list = CardReader.Last(await sam.SayAsync("my reflections"));
        Assert.Contains("A moment noticed · partly repaired", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("noticed, then", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_was_a_different_client_is_a_way_out_that_asks_nothing_more_about_the_moment()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await ReflectAsync(sam, repair: "NotYet", intention: null);
        await sam.SayAsync("reflect");

        var next = CardReader.Last(await sam.SayAsync("today was a different client"));

        Assert.Equal("presence", next.Step);
        var summary = await sam.SkipToSummaryAsync();
        Assert.Equal("Today was a different client", summary.Fact("The moment from last time"));
        var list = CardReader.Last(await sam.SayAsync("my reflections"));
        Assert.Contains("A moment noticed · repair not yet", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_intention_alone_is_shown_at_the_start_and_the_card_says_whether_it_came()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await ReflectAsync(sam, repair: null, intention: Intention);

        var opening = CardReader.Last(await sam.SayAsync("reflect"));

        Assert.Equal("followUp", opening.Step);
        Assert.Contains($"You carried this in: \"{Intention}\"", opening.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("misattunement", opening.Text, StringComparison.Ordinal);
        Assert.Null(opening.InputValue("repairSince"));
        var presence = CardReader.Last(await sam.SubmitAsync(opening.Press("next", ("intentionCame", "NotThisTime"))));
        Assert.Equal("presence", presence.Step);
        var summary = await sam.SkipToSummaryAsync();
        Assert.Equal("Not this time", summary.Fact("The intention you carried in"));
        Assert.Throws<Xunit.Sdk.XunitException>(() => summary.Fact("The moment from last time"));
    }

    [Fact]
    public async Task Nothing_to_follow_up_means_the_reflection_opens_as_always()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await ReflectAsync(sam, repair: "ApologisedInSession", intention: null);

        Assert.Equal("presence", CardReader.Last(await sam.SayAsync("reflect")).Step);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_the_follow_up_loses_nothing()
    {
        string userId;
        using (var client = _host.CreateBotClient())
        {
            var sam = new Conversation(client, channelId: "webchat");
            userId = sam.User.Id;
            await ReflectAsync(sam, repair: "NotYet", intention: Intention);
            await sam.SayAsync("reflect");
            var asked = CardReader.Last(await sam.SayAsync("yes"));
            Assert.Contains("How did your client meet it?", asked.Text, StringComparison.Ordinal);
        }

        using var restarted = _host.Restarted();
        using var again = restarted.CreateBotClient();
        var back = new Conversation(again, channelId: "webchat", userId: userId);
        var next = CardReader.Last(await back.SayAsync("quietly, taking it in"));

        Assert.Equal("followUp", next.Step);
        Assert.Contains("Did that intention come with you", next.Text, StringComparison.Ordinal);
        await back.SayAsync("partly");
        var summary = await back.SkipToSummaryAsync();
        Assert.Equal("Noticed, then repaired", summary.Fact("The moment from last time"));
        Assert.Equal("Quietly, taking it in", summary.Fact("How your client met the repair"));
        Assert.Equal("Partly", summary.Fact("The intention you carried in"));
    }

    public void Dispose() => _host.Dispose();

    /// <summary>A whole reflection by card: a moment noticed when <paramref name="repair"/> is given, else none.</summary>
    internal static async Task<CardReader> ReflectAsync(Conversation person, string? repair, string? intention, string moment = "she went quiet when I looked away")
    {
        var card = CardReader.Last(await person.SayAsync("reflect"));
        if (card.Step == "followUp")
        {
            card = CardReader.Last(await person.SubmitAsync(card.Press("skip")));
        }

        card = await Press(person, card, "next", ("presence", "4"), ("settledness", "3"));
        card = await Press(person, card, "next", ("pulls", "TimePressure"));
        if (repair is null)
        {
            card = await Press(person, card, "next", ("misattunement", "No"));
        }
        else
        {
            card = await Press(person, card, "next", ("misattunement", "Yes"));
            card = await Press(person, card, "next", ("cues", "Withdrew"), ("moment", moment));
        }

        card = await Press(person, card, "next", ("lens", "SafeHaven"));
        card = await Press(person, card, "next", ("repair", repair ?? "NoneNeeded"), ("permission", "Yes"));
        var summary = await Press(person, card, "next", ("pace", "ClientsPace"), ("intention", intention ?? ""));
        Assert.Equal("summary", summary.Step);
        return summary;
    }

    private static async Task<CardReader> Press(Conversation person, CardReader card, string action, params (string Id, string Value)[] inputs) =>
        CardReader.Last(await person.SubmitAsync(card.Press(action, inputs)));
}
