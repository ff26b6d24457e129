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
        Assert.Contains("Pulled away by: Applying a protocol", Items(groupCard));
        Assert.Contains("Shared by Sam Clinician", groupCard.Text);
        Assert.DoesNotContain("Jordan", groupCard.Text);
        Assert.DoesNotContain("The moment", groupCard.Text);
        var confirm = CardReader.Last(preview);

        Assert.Contains("Shared with \"Tuesday peers\"", Text(await sam.SubmitAsync(confirm.Press("post"))));

        var posted = Assert.Single(_connector.Sent);
        Assert.Equal(_channel.Id, Assert.Single(_connector.Calls).ConversationId);
        var postedCard = CardReader.Last([posted]);
        Assert.Equal(Items(groupCard), Items(postedCard));
    }

    [Fact]
    public async Task Free_text_is_shared_only_when_ticked_and_only_de_identified()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));

        var preview = await sam.SubmitAsync(options.Press("preview", ("items", "misattunement,moment"), ("anonymous", "true"), ("question", "How would you name this with Jordan?")));
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
            "preview", ("items", "misattunement,moment"), ("question", "Is the CLOCK thing mine or hers?"), ("remove", "clock")));
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
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("items", "misattunement,moment"), ("question", "Should I bring up ivy again?"))));
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
        await sam.SubmitAsync(options.Press("preview", ("items", "misattunement,moment")));

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
        Assert.Contains("Pulled away by: Applying a protocol", options.Text);
        Assert.DoesNotContain("The moment, in your words", options.Text);
        Assert.Null(options.InputValue("question"));

        // Even a submit that asks for the moment and a question gets neither.
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview", ("items", "misattunement,moment"), ("question", "What about Jordan?"))));
        Assert.Contains("only the answers to the choices", confirm.Text);
        await sam.SubmitAsync(confirm.Press("post"));

        var posted = CardReader.Last([Assert.Single(_connector.Sent)]);
        Assert.DoesNotContain("The moment", posted.Text);
        Assert.DoesNotContain("Question for the group", posted.Text);
        Assert.Equal("A moment of misattunement: Yes", Items(posted));
    }

    [Fact]
    public async Task An_unknown_free_text_setting_stops_the_bot_at_start_up()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["Supervision:SharedFreeText"] = "Sometimes" });

        Assert.Contains("SharedFreeText", await host.StartupFailureAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmation_from_an_older_preview_posts_nothing()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        var first = CardReader.Last(await sam.SubmitAsync(options.Press("preview")));
        await sam.SubmitAsync(options.Press("preview", ("items", "misattunement,moment")));

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
        await ShareAsync(sam, ("items", "misattunement,moment"));

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

    [Fact]
    public async Task The_sharer_ticks_each_item_and_what_is_left_out_never_reaches_the_group()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));

        // Every answer is offered with what it says; the two ratings are not ticked until the clinician ticks them.
        Assert.Contains("Presence: Mostly with them", options.Text);
        Assert.Contains("Settled and safe: Somewhat settled", options.Text);
        Assert.DoesNotContain("presence", options.InputValue("items")!.Split(','));
        Assert.DoesNotContain("settledness", options.InputValue("items")!.Split(','));

        var preview = await sam.SubmitAsync(options.Press("preview", ("items", "presence,lens")));
        var shown = ShownText.Of(new CardReader((JObject)preview[1].Attachments[0].Content).Json).ToString();
        Assert.Contains("Presence: ", shown);
        Assert.DoesNotContain("Somewhat settled", shown);
        await sam.SubmitAsync(CardReader.Last(preview).Press("post"));

        var posted = CardReader.Last([Assert.Single(_connector.Sent)]);
        var lines = Items(posted).Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("Presence: Mostly with them", lines[0]);
        Assert.StartsWith("Attachment lens: Safe haven", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Somewhat settled", ShownText.Of(posted.Json).ToString());
        Assert.DoesNotContain("Settled and safe", ShownText.Of(posted.Json).ToString());
        Assert.DoesNotContain("Applying a protocol", ShownText.Of(posted.Json).ToString());
    }

    [Fact]
    public async Task Typed_numbers_choose_the_items_and_nothing_ticked_posts_nothing()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));

        var nothing = await sam.SubmitAsync(options.Press("preview", ("items", "")));
        Assert.Contains("Nothing is ticked yet", CardReader.Last(nothing).Text);
        Assert.Contains("Which ones should go?", Text(await sam.SayAsync("include 42")));

        // As a text channel shows the list: numbers alone, in the list's order (1 is presence, 2 settledness).
        var typed = await sam.SayAsync("2");
        Assert.Equal("Settled and safe: Somewhat settled", Items(new CardReader((JObject)typed[1].Attachments[0].Content)));
        Assert.Contains("Shared with", Text(await sam.SayAsync("post")));
        Assert.Equal("Settled and safe: Somewhat settled", Items(CardReader.Last([Assert.Single(_connector.Sent)])));
    }

    [Fact]
    public async Task The_group_card_is_short_and_its_buttons_fit_400_px()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        await ShareAsync(sam, ("items", "presence,settledness,pulls,misattunement,cues,lens,repair,permission,pace,moment"), ("question", "How do I slow down?"));
        var posted = CardReader.Last([_connector.Sent.Single()]);
        var outline = AttunementBot.Cards.CardOutline.Read(System.Text.Json.Nodes.JsonNode.Parse(posted.Json.ToString())!.AsObject());

        // Even with every item ticked: no table of rows, no text box until someone chooses to add a reflection.
        Assert.DoesNotContain(outline, l => l.Kind is AttunementBot.Cards.CardLineKind.Fact or AttunementBot.Cards.CardLineKind.Prompt);
        Assert.Empty(posted.Json.SelectTokens("$.body[?(@.type == 'Input.Text')]"));
        Assert.Equal("Action.ShowCard", (string?)posted.Json.SelectToken("$.actions[?(@.title == 'Add a reflection')].type"));
        foreach (var row in ButtonRows(posted.Json))
        {
            Assert.True(FitsAt400Px(row), $"These buttons do not fit side by side at 400 px: {string.Join(", ", row.Select(b => b.Title))}");
        }

        // Today's titles measured the same way: the old row did not fit.
        Assert.False(FitsAt400Px([("Acknowledge", false), ("Let's discuss in supervision", false), ("Add a reflection", false)]));
    }

    [Fact]
    public async Task In_Teams_the_sharer_sees_withdraw_and_a_peer_sees_acknowledge_and_discuss()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var peer = Person("user-peer", "Pat Peer");
        await peer.SayAsync("join group Tuesday peers");
        await ShareAsync(sam);
        var posted = CardReader.Last([_connector.Sent.Single()]);
        Assert.Equal(["user-sam", "user-peer"], posted.Json["refresh"]!["userIds"]!.Select(t => (string)t!));
        Assert.Equal("Action.Execute", (string?)posted.Json["refresh"]!["action"]!["type"]);
        var callsBefore = _connector.Calls.Count;
        var auditBefore = _host.Scalar("SELECT COUNT(*) FROM audit_event");

        var sharerView = await InvokeAsync(sam, posted, "view", trigger: "automatic");
        var peerView = await InvokeAsync(peer, posted, "view", trigger: "automatic");

        Assert.Equal(["Withdraw"], Buttons(sharerView));
        Assert.Contains("Only you see Withdraw", new CardReader(sharerView).Text);
        Assert.Equal(["Acknowledge", "Discuss", "Add a reflection", "Send"], Buttons(peerView));
        Assert.Equal(callsBefore, _connector.Calls.Count);
        Assert.Equal(auditBefore, _host.Scalar("SELECT COUNT(*) FROM audit_event"));

        // A press through Universal Actions: everyone's card updates, and the presser gets their own view back.
        var acknowledged = await InvokeAsync(peer, posted, "acknowledge");
        Assert.Contains("Acknowledged by 1", new CardReader(acknowledged).Text);
        Assert.DoesNotContain("Withdraw", Buttons(acknowledged));
        Assert.Contains("Acknowledged by 1", LastUpdate("sent-1").Text);
    }

    [Fact]
    public async Task Withdraw_on_the_card_is_refused_to_anyone_but_the_sharer()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var peer = Person("user-peer", "Pat Peer");
        await peer.SayAsync("join group Tuesday peers");
        await ShareAsync(sam, ("items", "misattunement,moment"));
        var posted = CardReader.Last([_connector.Sent.Single()]);

        Assert.Contains("Only the person who shared this reflection can withdraw it", Text(await Press(peer, posted, "withdraw")));
        var refused = await InvokeAsync(peer, posted, "withdraw");
        Assert.Contains("Only the person who shared", (string?)refused["value"]);
        Assert.DoesNotContain(_connector.Calls, c => c.Method == "PUT");
        Assert.Equal(0L, _host.Scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'card.withdrawn'"));
        Assert.DoesNotContain("(withdrawn)", Text(await sam.SayAsync("my shared cards")));

        var withdrawn = await InvokeAsync(sam, posted, "withdraw");
        Assert.Contains("has taken it back", new CardReader(withdrawn).Text);
        Assert.Contains("has taken it back", LastUpdate("sent-1").Text);
        Assert.DoesNotContain("looked at the clock", LastUpdate("sent-1").Text);
        Assert.Contains("(withdrawn)", Text(await sam.SayAsync("my shared cards")));
    }

    [Fact]
    public async Task Web_chat_gets_plain_submits_with_the_peers_buttons_and_withdraw_for_the_sharer_only()
    {
        var lead = new Conversation(_client, "webchat", LeadId, _connector.ServiceUrl.ToString());
        var setUp = lead.Message("set up supervision group Web peers");
        setUp.Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "web-group");
        await lead.SendAsync(setUp);
        var sam = new Conversation(_client, "webchat", "user-sam", _connector.ServiceUrl.ToString());
        await sam.SayAsync("join group Web peers");
        foreach (var answer in new[] { "reflect", "4 3", "1", "yes", "2", "skip", "safe haven", "not yet, not yet", "1", "skip" })
        {
            await sam.SayAsync(answer);
        }

        await ShareAsync(sam);
        var posted = CardReader.Last([_connector.Sent.Single()]);

        Assert.Null(posted.Json["refresh"]);
        Assert.DoesNotContain("Action.Execute", posted.Json.ToString());
        Assert.Equal(["Acknowledge", "Discuss", "Add a reflection", "Send", "Withdraw (only the sharer)"], Buttons(posted.Json));
        Assert.Equal("secondary", (string?)posted.Json.SelectToken("$.actions[?(@.title == 'Withdraw (only the sharer)')].mode"));
    }

    [Fact]
    public async Task Post_pressed_again_says_where_the_card_already_is()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var options = CardReader.Last(await sam.SayAsync("share"));
        var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview")));
        await sam.SubmitAsync(confirm.Press("post"));

        var again = Text(await sam.SubmitAsync(confirm.Press("post")));

        Assert.Contains("You've already shared this with \"Tuesday peers\"", again);
        Assert.Contains("It's there in the group's channel", again);
        Assert.DoesNotContain("no finished reflection", again);
        Assert.Single(_connector.Sent);

        await sam.SayAsync("withdraw 1");
        Assert.Contains("took it back since", Text(await sam.SubmitAsync(confirm.Press("post"))));
        Assert.Single(_connector.Sent);
    }

    [Fact]
    public async Task An_unknown_card_or_button_is_called_unknown_not_taken_back()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        await ShareAsync(sam);
        var posted = CardReader.Last([_connector.Sent.Single()]);
        var ghost = new CardReader(JObject.Parse(posted.Json.ToString().Replace(posted.Json.SelectTokens("$..cardId").First()!.ToString(), "no-such-card", StringComparison.Ordinal)));

        var unknownCard = Text(await Press(sam, ghost, "acknowledge"));
        var unknownButton = Text(await InChannelSubmit(sam, new { flow = "supervision", action = "frobnicate", cardId = (string?)posted.Json.SelectTokens("$..cardId").First() }));

        Assert.Contains("I don't recognise that card, so nothing was recorded", unknownCard);
        Assert.Contains("I don't recognise that button, so nothing was recorded", unknownButton);
        Assert.DoesNotContain("taken back", unknownCard + unknownButton);
        Assert.Equal(0L, _host.Scalar("SELECT COUNT(*) FROM card_acknowledgement"));
    }

    [Fact]
    public async Task A_group_cards_button_pressed_outside_its_channel_records_nothing()
    {
        var sam = await MemberWithReflectionAsync("user-sam", "Sam Clinician");
        var peer = Person("user-peer", "Pat Peer");
        await peer.SayAsync("join group Tuesday peers");
        await ShareAsync(sam);
        var posted = CardReader.Last([_connector.Sent.Single()]);
        var callsBefore = _connector.Calls.Count;
        var auditBefore = _host.Scalar("SELECT COUNT(*) FROM audit_event");

        // In the peer's own chat with the bot, and in another channel.
        var inOwnChat = Text(await peer.SubmitAsync(posted.Press("acknowledge")));
        var elsewhere = peer.Submit(posted.Press("discuss"));
        elsewhere.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:another@thread.tacv2");
        var inOtherChannel = Text(await peer.SendAsync(elsewhere));
        var invoked = await InvokeAsync(peer, posted, "acknowledge", conversation: peer.Account);

        foreach (var reply in new[] { inOwnChat, inOtherChannel, (string?)invoked["value"] })
        {
            Assert.Contains("This card's buttons work in \"Tuesday peers\"'s channel, where it was shared, so nothing was recorded here.", reply);
        }

        Assert.Equal(callsBefore, _connector.Calls.Count);
        Assert.Equal(auditBefore, _host.Scalar("SELECT COUNT(*) FROM audit_event"));
        Assert.Equal(0L, _host.Scalar("SELECT COUNT(*) FROM card_acknowledgement"));
        Assert.Equal(DBNull.Value, _host.Scalar("SELECT discussion_requested_at FROM shared_card"));
    }

    /// <summary>As Teams sends an Action.Execute press (or, with trigger automatic, a refresh); the answer is the HTTP body.</summary>
    private async Task<JObject> InvokeAsync(Conversation person, CardReader card, string action, string trigger = "manual", ConversationAccount? conversation = null, params (string Id, string Value)[] inputs)
    {
        var data = card.Press(action, inputs);
        var invoke = person.New(ActivityTypes.Invoke, a =>
        {
            a.Name = "adaptiveCard/action";
            a.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb = action, data }, trigger });
            a.Conversation = conversation ?? new ConversationAccount(isGroup: true, conversationType: "channel", id: _channel.Id + ";messageid=sent-1");
            a.ReplyToId = "sent-1";
        });
        using var response = await _client.PostAsync(invoke);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JObject.Parse(body);
        Assert.Equal(200, (int?)answer["statusCode"]);
        return (string?)answer["type"] == "application/vnd.microsoft.card.adaptive" ? (JObject)answer["value"]! : answer;
    }

    private Task<IReadOnlyList<Activity>> InChannelSubmit(Conversation person, object value)
    {
        var click = person.Submit(value);
        click.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: _channel.Id + ";messageid=sent-1");
        return person.SendAsync(click);
    }

    /// <summary>The titles of the buttons a person could press, in order (a shown card's "Send" included, the refresh not).</summary>
    private static List<string> Buttons(JObject card) =>
        [.. card.Descendants().OfType<JObject>()
            .Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true && o.Parent is not JProperty)
            .Select(o => ShownText.Of((string)o["title"]!))];

    /// <summary>Each row of buttons: the card's own actions, and each ActionSet's, with whether each is in the overflow menu.</summary>
    private static IEnumerable<List<(string Title, bool Secondary)>> ButtonRows(JObject card) =>
        card.Descendants().OfType<JObject>()
            .Where(o => o.Parent is JArray { Parent: JProperty { Name: "actions", Parent: JObject owner } } && (string?)owner["type"] is "AdaptiveCard" or "ActionSet")
            .GroupBy(o => o.Parent)
            .Select(row => row.Select(b => (ShownText.Of((string)b["title"]!), (string?)b["mode"] == "secondary")).ToList());

    /// <summary>
    /// Teams lays a row of buttons side by side in equal shares and cuts a title that is wider than its share. At 400 px:
    /// 16 px card padding each side, 8 px between buttons, 12 px padding inside each, a 32 px "..." for any secondary
    /// ones, and about 7.5 px a character of the 14 px button font.
    /// </summary>
    private static bool FitsAt400Px(IReadOnlyList<(string Title, bool Secondary)> row)
    {
        var primary = row.Where(b => !b.Secondary).ToList();
        if (primary.Count == 0)
        {
            return true;
        }

        var width = 400 - (2 * 16) - (row.Any(b => b.Secondary) ? 32 + 8 : 0) - ((primary.Count - 1) * 8);
        var share = width / primary.Count;
        return primary.All(b => (b.Title.Length * 7.5) + (2 * 12) <= share);
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

    /// <summary>The card's items as a person reads them, one a line ("Pulled away by: Applying a protocol").</summary>
    private static string Items(CardReader card) =>
        string.Join('\n', card.Json.Descendants().OfType<JObject>().Where(o => (string?)o["type"] == "RichTextBlock")
            .Select(o => string.Concat(o["inlines"]!.Select(i => ShownText.Of((string)i["text"]!)))));
}
