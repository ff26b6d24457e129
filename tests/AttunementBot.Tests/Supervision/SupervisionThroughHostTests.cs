using System.Net;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Supervision;

/// <summary>
/// A supervision group end to end: a lead sets it up in a channel, clinicians join, share with
/// consent after a de-identified preview, peers review, and a clinician withdraws. The group's
/// channel is the fake Bot Connector over real HTTP.
/// </summary>
public sealed class SupervisionThroughHostTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private const string Group = "Tuesday peers";
    private readonly ConversationAccount _channel = new(isGroup: true, conversationType: "channel", id: "19:tuesday@thread.tacv2");
    private readonly BotHost _host = new(settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId });
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public SupervisionThroughHostTests() => _client = _host.CreateBotClient();

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Only_a_lead_sets_up_a_group_and_only_in_its_channel()
    {
        var lead = Person(LeadId, "Lee Lead");
        var other = Person("user-other", "Olu Other");

        Assert.Contains("Only a team lead", Text(await InChannel(other, "set up supervision group Tuesday peers")));
        Assert.Contains("in the Teams channel", Text(await lead.SayAsync("set up supervision group Tuesday peers")));
        Assert.Contains("now the home of the supervision group \"Tuesday peers\"", Text(await InChannel(lead, "<at>AttunementBot</at> set up supervision group Tuesday peers", mentionBot: true)));
        Assert.Contains("I don't know a group called \"Thursday\"", Text(await other.SayAsync("join group Thursday")));
        Assert.Contains("You've joined \"Tuesday peers\"", Text(await other.SayAsync("join group tuesday peers")));
        Assert.Contains("already in", Text(await other.SayAsync("join group Tuesday peers")));
    }

    [Fact]
    public async Task Sharing_answers_only_shows_the_exact_card_and_posts_it_only_after_consent()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");

        var options = CardReader.Last(await sam.SayAsync("share"));
        Assert.Contains("Share with your supervision group", options.Text);
        var preview = await sam.SubmitAsync(options.Press("preview"));

        Assert.Empty(_connector.Calls);
        Assert.Equal(3, preview.Count);
        var groupCard = new CardReader((JObject)preview[1].Attachments[0].Content);
        Assert.Equal("Mostly with them", groupCard.Fact("Presence with the client"));
        Assert.Contains("Shared by Sam Clinician", groupCard.Text);
        Assert.DoesNotContain("Jordan", groupCard.Text);
        Assert.DoesNotContain("The moment", groupCard.Text);
        var confirm = CardReader.Last(preview);

        Assert.Contains("Shared with \"Tuesday peers\"", Text(await sam.SubmitAsync(confirm.Press("post"))));

        var posted = Assert.Single(_connector.Sent);
        Assert.Equal(_channel.Id, Assert.Single(_connector.Calls).ConversationId);
        var postedCard = CardReader.Last([posted]);
        Assert.Equal(Facts(groupCard), Facts(postedCard));
    }

    [Fact]
    public async Task Free_text_is_shared_only_when_ticked_and_only_de_identified()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));

        var preview = await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true"), ("anonymous", "true"), ("question", "How would you name this with Jordan?")));
        var confirm = CardReader.Last(preview);
        Assert.Contains("Jordan", confirm.Text);
        Assert.Contains("[name]", confirm.Text);
        await sam.SubmitAsync(confirm.Press("post"));

        var posted = CardReader.Last([Assert.Single(_connector.Sent)]);
        Assert.Contains("[name] looked at the clock", posted.Text);
        Assert.Contains("Shared by a member", posted.Text);
        Assert.Contains("Question for the group", posted.Text);
        Assert.DoesNotContain("Jordan", posted.Json.ToString());
        Assert.DoesNotContain("Sam Clinician", posted.Json.ToString());
        Assert.DoesNotContain("Jordan", _host.Logs.All);
    }

    [Fact]
    public async Task Words_the_clinician_names_on_the_form_are_taken_out_everywhere_and_listed()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        Assert.Contains("Anything to take out everywhere?", options.Text);

        var preview = await sam.SubmitAsync(options.Press(
            "preview", ("includeMoment", "true"), ("question", "Is the CLOCK thing mine or hers?"), ("remove", "clock")));
        var confirm = CardReader.Last(preview);
        Assert.Contains("clock", confirm.Text, StringComparison.OrdinalIgnoreCase);
        await sam.SubmitAsync(confirm.Press("post"));

        var posted = ShownText.Of(CardReader.Last([Assert.Single(_connector.Sent)]).Json).ToString();
        Assert.DoesNotContain("clock", posted, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("looked at the [name]", posted);
        Assert.DoesNotContain("clock", _host.Logs.All, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_preview_takes_out_more_words_typed_or_chosen_before_posting()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true"), ("question", "Should I bring up ivy again?"))));
        Assert.Contains("Take these out", confirm.Text);
        Assert.Contains("ivy", confirm.Text);

        // Typed, as in the terminal or Slack: "also remove" and the words.
        var typed = await sam.SayAsync("also remove clock");
        Assert.Contains("Taken out: 1 more", CardReader.Last(typed).Text);
        Assert.DoesNotContain("clock", new CardReader((JObject)typed[1].Attachments[0].Content).Text, StringComparison.OrdinalIgnoreCase);

        // Chosen on the card: the words still on it are offered.
        var chosen = await sam.SubmitAsync(CardReader.Last(typed).Press("removeMore", ("alsoRemoveChosen", "ivy")));
        Assert.Contains("Also taken out, as you asked earlier: 1", CardReader.Last(chosen).Text);
        await sam.SubmitAsync(CardReader.Last(chosen).Press("post"));

        var posted = ShownText.Of(CardReader.Last([Assert.Single(_connector.Sent)]).Json).ToString();
        Assert.DoesNotContain("clock", posted, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ivy", posted);
        Assert.Contains("Should I bring up [name] again?", posted);
    }

    [Fact]
    public async Task Also_remove_with_no_words_asks_which_and_changes_nothing()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true")));

        Assert.Contains("Which words would you like taken out?", Text(await sam.SayAsync("also remove")));
        Assert.Contains("nothing changed", CardReader.Last(await sam.SayAsync("also remove sunnyvale")).Text);
        Assert.Contains("Shared with", Text(await sam.SayAsync("post")));
        Assert.Contains("[name] looked at the clock", CardReader.Last([Assert.Single(_connector.Sent)]).Text);
    }

    [Fact]
    public async Task A_clinic_that_forbids_free_text_shares_the_answers_only()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId, ["Supervision:SharedFreeText"] = "Forbidden" });
        using var client = host.CreateBotClient();
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician", client);
        var options = CardReader.Last(await sam.SayAsync("share"));
        Assert.DoesNotContain("Include the moment", options.Text);
        Assert.Null(options.InputValue("question"));

        // Even a submit that asks for the moment and a question gets neither.
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true"), ("question", "What about Jordan?"))));
        Assert.Contains("only the answers to the choices", confirm.Text);
        await sam.SubmitAsync(confirm.Press("post"));

        var posted = CardReader.Last([Assert.Single(_connector.Sent)]);
        Assert.DoesNotContain("The moment", posted.Text);
        Assert.DoesNotContain("Question for the group", posted.Text);
        Assert.Equal("Mostly with them", posted.Fact("Presence with the client"));
    }

    [Fact]
    public void An_unknown_free_text_setting_stops_the_bot_at_start_up()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["Supervision:SharedFreeText"] = "Sometimes" });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("SharedFreeText", error.ToString());
    }

    [Fact]
    public async Task A_confirmation_from_an_older_preview_posts_nothing()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        var first = CardReader.Last(await sam.SubmitAsync(options.Press("preview")));
        await sam.SubmitAsync(options.Press("preview", ("includeMoment", "true")));

        var replies = await sam.SubmitAsync(first.Press("post"));

        Assert.Empty(_connector.Calls);
        Assert.Contains("changed since", CardReader.Last(replies).Text);
    }

    [Fact]
    public async Task When_the_channel_fails_nothing_is_claimed_and_trying_again_works()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview")));

        _connector.FailNext(HttpStatusCode.BadGateway);
        Assert.Contains("couldn't reach the group's channel", Text(await sam.SubmitAsync(confirm.Press("post"))));
        Assert.Contains("haven't shared any", Text(await sam.SayAsync("my shared cards")));
        Assert.Contains("Shared with", Text(await sam.SubmitAsync(confirm.Press("post"))));

        _connector.FailNext(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("the card is still there", Text(await sam.SayAsync("withdraw 1")));
        Assert.DoesNotContain("(withdrawn)", Text(await sam.SayAsync("my shared cards")));
        Assert.Contains("Taken back", Text(await sam.SayAsync("withdraw 1")));
    }

    [Fact]
    public async Task Not_sharing_leaves_nothing_behind()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));

        Assert.Contains("Nothing was shared", Text(await sam.SubmitAsync(options.Press("cancel"))));
        Assert.Empty(_connector.Calls);
        Assert.Contains("not sure what you meant", Text(await sam.SayAsync("post")));
    }

    [Fact]
    public async Task Members_acknowledge_discuss_and_reflect_and_the_card_updates_in_place()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var peer = Person("user-peer", "Pat Peer");
        await peer.SayAsync("join group Tuesday peers");
        var stranger = Person("user-stranger", "Stan Stranger");
        await ShareAsync(sam);
        var card = CardReader.Last([_connector.Sent.Single()]);
        var cardActivityId = "sent-1";

        await Press(peer, card, "acknowledge");
        await Press(peer, card, "acknowledge");
        var acknowledged = LastUpdate(cardActivityId);
        Assert.Contains("Acknowledged by 1", acknowledged.Text);

        await Press(peer, card, "discuss");
        Assert.Contains("On the list for the next supervision meeting", LastUpdate(cardActivityId).Text);

        var thread = await Press(peer, card, "addReflection", ("peerReflection", "Thank you for naming this. Jordan is lucky to have you."));
        Assert.Contains("A reflection from Pat Peer: Thank you for naming this. [name] is lucky", Text(thread));
        Assert.Contains("Reflections added below: 1", LastUpdate(cardActivityId).Text);

        var updatesBefore = _connector.Calls.Count;
        Assert.Contains("Only members of \"Tuesday peers\"", Text(await Press(stranger, card, "acknowledge")));
        Assert.Equal(updatesBefore, _connector.Calls.Count);
    }

    [Fact]
    public async Task The_discussion_list_shows_waiting_cards_and_a_lead_marks_them_discussed()
    {
        var lead = Person(LeadId, "Lee Lead");
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        await ShareAsync(sam, ("question", "How do I slow down?"));
        var card = CardReader.Last([_connector.Sent.Single()]);
        await Press(sam, card, "discuss");

        var list = Text(await InChannel(sam, "discussion list"));
        Assert.Contains("1. Shared", list);
        Assert.Contains("How do I slow down?", list);
        Assert.Contains("Only a team lead", Text(await InChannel(sam, "mark discussed 1")));
        Assert.Contains("Marked as discussed", Text(await InChannel(lead, "mark discussed 1")));
        Assert.Contains("Discussed in supervision", LastUpdate("sent-1").Text);
        Assert.Contains("Nothing is waiting", Text(await InChannel(lead, "discussion list")));
    }

    [Fact]
    public async Task A_clinician_withdraws_a_shared_card_even_after_a_restart()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        await ShareAsync(sam, ("includeMoment", "true"));

        using var restarted = _host.Restarted();
        using var client = restarted.CreateBotClient();
        var again = new Conversation(client, userId: "user-sam", serviceUrl: _connector.ServiceUrl.ToString());
        Assert.Contains("1. ", Text(await again.SayAsync("my shared cards")));
        Assert.Contains("Taken back", Text(await again.SayAsync("withdraw 1")));

        var replaced = LastUpdate("sent-1");
        Assert.Contains("has taken it back", replaced.Text);
        Assert.DoesNotContain("looked at the clock", replaced.Text);
        Assert.Contains("(withdrawn)", Text(await again.SayAsync("my shared cards")));
        Assert.Contains("taken back", Text(await Press(Person("user-sam", "Sam Clinician"), CardReader.Last([_connector.Sent.Single()]), "acknowledge")));
    }

    [Fact]
    public async Task Someone_who_left_the_group_can_no_longer_share_with_it_or_act_on_its_cards()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        await ShareAsync(sam);
        var card = CardReader.Last([_connector.Sent.Single()]);

        Assert.Contains("You've left \"Tuesday peers\"", Text(await sam.SayAsync("leave group Tuesday peers")));
        Assert.Contains("not in a supervision group yet", Text(await sam.SayAsync("share")));
        Assert.Contains("Only members", Text(await Press(sam, card, "acknowledge")));
    }

    [Fact]
    public async Task A_group_set_up_in_a_team_follows_the_teams_roster()
    {
        const string Team = "19:team-general@thread.tacv2";
        _connector.Rosters[Team] = [new ChannelAccount("user-sam", "Sam Clinician"), new ChannelAccount("user-pat", "Pat Peer"), new ChannelAccount(LeadId, "Lee Lead")];
        var lead = Person(LeadId, "Lee Lead");
        var setUp = lead.Message("set up supervision group " + Group);
        setUp.Conversation = _channel;
        setUp.ChannelData = new JObject { ["team"] = new JObject { ["id"] = Team } };

        Assert.Contains("added the 3 people in this team", Text(await lead.SendAsync(setUp)));

        var sam = Person("user-sam", "Sam Clinician");
        Assert.Contains("already in", Text(await sam.SayAsync("join group " + Group)));
        Assert.Contains("You've joined", Text(await Person("user-new", "Nia New").SayAsync("join group " + Group)));

        await TeamEventAsync(lead, Team, "teamMemberRemoved", removed: new ChannelAccount("user-sam", "Sam Clinician"));
        Assert.Contains("not in a supervision group yet", Text(await sam.SayAsync("my groups")));

        await TeamEventAsync(lead, Team, "teamMemberAdded", added: new ChannelAccount("user-ola", "Ola Newcomer"));
        Assert.Contains("\"Tuesday peers\"", Text(await Person("user-ola", "Ola Newcomer").SayAsync("my groups")));
    }

    private static Task<IReadOnlyList<Activity>> TeamEventAsync(Conversation any, string team, string eventType, ChannelAccount? added = null, ChannelAccount? removed = null) =>
        any.SendAsync(any.New(ActivityTypes.ConversationUpdate, a =>
        {
            a.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: team);
            a.ChannelData = new JObject { ["eventType"] = eventType, ["team"] = new JObject { ["id"] = team } };
            a.MembersAdded = added is null ? null : [added];
            a.MembersRemoved = removed is null ? null : [removed];
        }));

    private Conversation Person(string userId, string name, BotClient? client = null)
    {
        var person = new Conversation(client ?? _client, userId: userId, serviceUrl: _connector.ServiceUrl.ToString());
        person.User.Name = name;
        return person;
    }

    private async Task<Conversation> MemberWithReflectionAsync(string userId, string name, BotClient? client = null)
    {
        var lead = Person(LeadId, "Lee Lead", client);
        await InChannel(lead, "set up supervision group " + Group);
        var person = Person(userId, name, client);
        await person.SayAsync("join group " + Group);
        foreach (var answer in new[] { "reflect", "4 3", "1", "yes", "2", "Jordan looked at the clock when I did", "safe haven", "not yet, not yet", "1", "Begin with sorry" })
        {
            await person.SayAsync(answer);
        }

        return person;
    }

    private static async Task ShareAsync(Conversation person, params (string Id, string Value)[] choices)
    {
        var options = CardReader.Last(await person.SayAsync("share"));
        var confirm = CardReader.Last(await person.SubmitAsync(options.Press("preview", choices)));
        await person.SubmitAsync(confirm.Press("post"));
    }

    private Task<IReadOnlyList<Activity>> InChannel(Conversation person, string text, bool mentionBot = false)
    {
        var message = person.Message(text);
        message.Conversation = _channel;
        if (mentionBot)
        {
            // As Teams sends it: the @mention is in the text and described by an entity.
            message.Entities = [new Mention(person.Bot, "<at>AttunementBot</at>")];
        }

        return person.SendAsync(message);
    }

    private Task<IReadOnlyList<Activity>> Press(Conversation person, CardReader card, string action, params (string Id, string Value)[] inputs)
    {
        var click = person.Submit(card.Press(action, inputs));
        click.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: _channel.Id + ";messageid=sent-1");
        click.ReplyToId = "sent-1";
        return person.SendAsync(click);
    }

    private CardReader LastUpdate(string activityId) =>
        CardReader.Last([_connector.Calls.Last(c => c.Method == "PUT" && c.Path.EndsWith(activityId, StringComparison.Ordinal)).Activity!]);

    private static string Text(IEnumerable<Activity> replies) => BotClient.TextOf(replies);

    private static string Facts(CardReader card) =>
        string.Join('\n', card.Json.Descendants().OfType<JObject>().Where(o => o["title"] is not null && o["value"] is not null).Select(o => $"{o["title"]}={o["value"]}"));
}
