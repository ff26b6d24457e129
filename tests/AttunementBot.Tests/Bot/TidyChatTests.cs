using System.Net;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Bot;

/// <summary>
/// A reflection leaves a tidy chat: in Teams the pressed card advances in place (Action.Execute, answered by the
/// adaptiveCard/action invoke's response); in Web Chat and the Emulator (Action.Submit) each answered card is
/// replaced by a one-line recap (an update through the Bot Connector) and the next card follows; a press on a card
/// left behind is put away quietly. All through the real host, with a fake Bot Connector recording posts and updates.
/// </summary>
public sealed class TidyChatTests : IAsyncLifetime, IDisposable
{
    private readonly BotHost _host = new();
    private FakeConnector _connector = null!;
    private BotClient _client = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _client = _host.CreateBotClient();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _client?.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task In_Teams_a_whole_reflection_advances_in_one_card_by_invokes()
    {
        var person = Person("msteams");
        var (cardId, card) = await PostedCardAfterAsync(person, person.Message("reflect"));
        Assert.Equal("presence", card.Step);
        Assert.Contains(Actions(card.Json), a => (string?)a["type"] == "Action.Execute" && (string?)a["verb"] == "reflection.next");
        var postsBefore = Posts().Count;

        card = await ExecuteAsync(person, cardId, card.Press("next", ("presence", "4"), ("settledness", "3")));
        Assert.Equal("pulls", card.Step);
        for (var i = 0; i < 12 && card.Step != "summary"; i++)
        {
            card = await ExecuteAsync(person, cardId, card.Press("skip"));
        }

        Assert.Equal("summary", card.Step);
        Assert.Contains("You were mostly with your client. You felt somewhat settled.", card.Text, StringComparison.Ordinal);

        // Every step happened in the one card: the bot posted nothing new and replaced nothing elsewhere.
        Assert.Equal(postsBefore, Posts().Count);
        Assert.DoesNotContain(_connector.Calls, c => c.Method == "PUT");

        // Done keeps the card as a record in place; the thanks is a new message below it, delivered after the
        // invoke's response, so it is waited for and read from the posts that came after Done.
        var callsBeforeDone = _connector.Calls.Count;
        var kept = await ExecuteAsync(person, cardId, card.Press("done"));
        Assert.Contains("You were mostly with your client.", kept.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Actions(kept.Json), a => (string?)a["type"] is "Action.Execute" or "Action.Submit");
        Assert.Contains(Actions(kept.Json), a => (string?)a["type"] == "Action.ShowCard");
        await _connector.WaitForCallsAsync(callsBeforeDone + 1);
        var afterDone = _connector.Calls.Skip(callsBeforeDone).ToList();
        Assert.All(afterDone, c => Assert.Equal("POST", c.Method));
        Assert.Contains("Thank you for taking this time", BotClient.TextOf(afterDone.Select(c => c.Activity!)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("emulator")]
    public async Task Without_Execute_each_answered_card_becomes_a_one_line_recap_and_no_button_is_left(string channel)
    {
        var person = Person(channel);
        var (cardId, card) = await PostedCardAfterAsync(person, person.Message("reflect"));
        Assert.DoesNotContain(card.Json.Descendants().OfType<JObject>(), o => (string?)o["type"] == "Action.Execute");

        // This host, like older Web Chat and the Emulator, does not say which card a press came from (no replyToId).
        var (nextId, next) = await PostedCardAfterAsync(person, person.Submit(card.Press("next", ("presence", "2"), ("settledness", "2"))));
        Assert.Equal("pulls", next.Step);
        var recap = LastUpdateOf(cardId);
        Assert.Equal("Step 1 of 7 · Presence: in and out, and uneasy", recap.Text);
        Assert.Empty(Actions(recap.Json));

        (cardId, card) = (nextId, next);
        for (var i = 0; i < 12 && card.Step != "summary"; i++)
        {
            var left = cardId;
            (cardId, card) = await PostedCardAfterAsync(person, person.Submit(card.Press("skip")));
            Assert.Empty(Actions(LastUpdateOf(left).Json));
        }

        Assert.Equal("summary", card.Step);
        var calls = _connector.Calls.Count;
        using (var done = await _client.PostAsync(person.Submit(card.Press("done"))))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        await _connector.WaitForCallsAsync(calls + 2);
        var kept = LastUpdateOf(cardId);
        Assert.Contains(Actions(kept.Json), a => (string?)a["type"] == "Action.ShowCard");
        Assert.Contains("You were in and out with your client.", kept.Text, StringComparison.Ordinal);
        Assert.Contains("Thank you for taking this time", BotClient.TextOf(Posts().TakeLast(1)), StringComparison.Ordinal);

        // What the person now sees: every card the bot posted, as last updated, and no button that sends anything.
        foreach (var posted in _connector.Calls.Where(c => c.Method == "POST" && c.Activity?.Attachments?.Count > 0))
        {
            var shown = _connector.Calls.LastOrDefault(c => c.Method == "PUT" && c.ActivityId == posted.ActivityId)?.Activity ?? posted.Activity!;
            var buttons = (shown.Attachments ?? []).Select(a => a.Content).OfType<JObject>()
                .SelectMany(Actions).Where(a => (string?)a["type"] is "Action.Submit" or "Action.Execute");
            Assert.True(!buttons.Any(), $"A card is still live: {posted.ActivityId}");
        }
    }

    [Fact]
    public async Task A_press_on_a_card_left_behind_is_put_away_quietly_and_after_Done_old_buttons_say_nothing()
    {
        var person = Person("webchat");
        var (firstId, first) = await PostedCardAfterAsync(person, person.Message("reflect"));
        var answer = first.Press("next", ("presence", "4"), ("settledness", "4"));
        var (secondId, second) = await PostedCardAfterAsync(person, Pressed(person, answer, firstId));

        // A second press on the first card (Web Chat says which card, with replyToId): that card goes quiet, nothing is said.
        var posts = Posts().Count;
        await SendAsync(Pressed(person, answer, firstId));
        Assert.Equal(posts, Posts().Count);
        Assert.Equal("An earlier card. Nothing more is needed here.", LastUpdateOf(firstId).Text);

        var (cardId, card) = (secondId, second);
        for (var i = 0; i < 12 && card.Step != "summary"; i++)
        {
            (cardId, card) = await PostedCardAfterAsync(person, Pressed(person, card.Press("skip"), cardId));
        }

        await SendAsync(Pressed(person, card.Press("done"), cardId));
        posts = Posts().Count;

        // Three old buttons after Done: no "There's no reflection open right now", only quiet cards.
        await SendAsync(Pressed(person, first.Press("next"), firstId));
        await SendAsync(Pressed(person, second.Press("back"), secondId));
        await SendAsync(Pressed(person, card.Press("another"), cardId));
        Assert.Equal(posts, Posts().Count);
        Assert.DoesNotContain("no reflection open", BotClient.TextOf(Posts()), StringComparison.Ordinal);
        Assert.Equal("An earlier card. Nothing more is needed here.", LastUpdateOf(secondId).Text);
    }

    [Fact]
    public async Task In_Teams_a_press_on_a_card_left_behind_answers_with_where_things_are()
    {
        var person = Person("msteams");
        var (cardId, card) = await PostedCardAfterAsync(person, person.Message("reflect"));
        var answer = card.Press("next", ("presence", "4"), ("settledness", "4"));
        Assert.Equal("pulls", (await ExecuteAsync(person, cardId, answer)).Step);

        // Typed answers move on with a new card; the older one is recapped.
        var (typedId, typed) = await PostedCardAfterAsync(person, person.Message("protocol"));
        Assert.Equal("misattunement", typed.Step);
        Assert.Equal("Step 2 of 7 · What pulled you away: applying a protocol", LastUpdateOf(cardId).Text);

        // The first card, pressed again, shows where things are; the card it replaces as the live one goes quiet.
        var again = await ExecuteAsync(person, cardId, answer);
        Assert.Equal("misattunement", again.Step);
        Assert.DoesNotContain("another step", again.Text, StringComparison.Ordinal);
        Assert.Equal("An earlier card. Nothing more is needed here.", LastUpdateOf(typedId).Text);
    }

    private Conversation Person(string channel) => new(_client, channel) { ServiceUrl = _connector.ServiceUrl.ToString() };

    private static Activity Pressed(Conversation person, JObject data, string cardId)
    {
        var press = person.Submit(data);
        press.ReplyToId = cardId;
        return press;
    }

    private List<Activity> Posts() => [.. _connector.Calls.Where(c => c.Method == "POST" && c.Activity is not null).Select(c => c.Activity!)];

    private async Task SendAsync(Activity activity)
    {
        using var response = await _client.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Sends with normal delivery and returns the card the bot posted for it (and the id the channel gave it).</summary>
    private async Task<(string Id, CardReader Card)> PostedCardAfterAsync(Conversation person, Activity activity)
    {
        var before = _connector.Calls.Count;
        await SendAsync(activity);
        var posted = _connector.Calls.Skip(before)
            .LastOrDefault(c => c.Method == "POST" && c.Activity?.Attachments?.Any(a => a.ContentType == "application/vnd.microsoft.card.adaptive") == true)
            ?? throw new Xunit.Sdk.XunitException("The bot posted no card. It sent: " + BotClient.TextOf(_connector.Calls.Skip(before).Select(c => c.Activity!).Where(a => a is not null)));
        return (posted.ActivityId!, CardReader.Last([posted.Activity!]));
    }

    private CardReader LastUpdateOf(string activityId)
    {
        var update = _connector.Calls.LastOrDefault(c => c.Method == "PUT" && c.ActivityId == activityId)
            ?? throw new Xunit.Sdk.XunitException($"Card {activityId} was never updated.");
        return CardReader.Last([update.Activity!]);
    }

    /// <summary>As Teams sends an Action.Execute press: the invoke's HTTP response is the card's new content.</summary>
    private async Task<CardReader> ExecuteAsync(Conversation person, string cardId, JObject data)
    {
        var invoke = person.New(ActivityTypes.Invoke, a =>
        {
            a.Name = "adaptiveCard/action";
            a.ReplyToId = cardId;
            a.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb = "reflection." + (string?)data["action"], data }, trigger = "manual" });
        });
        using var response = await _client.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        return new CardReader((JObject)body["value"]!);
    }

    private static IEnumerable<JObject> Actions(JObject card) =>
        card.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true && o.Parent?.Parent is not JProperty { Name: "fallback" } && o.Parent is not JProperty { Name: "fallback" });
}
