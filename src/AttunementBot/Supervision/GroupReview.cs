using System.Globalization;
using System.Text.Json.Nodes;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Supervision.Deidentification;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>What the person who pressed a group card's button is shown: words, or the card as they now see it.</summary>
public sealed record ReviewAnswer(string? Words, JsonObject? Card)
{
    public static ReviewAnswer Say(string words) => new(words, null);

    public static ReviewAnswer Show(JsonObject card) => new(null, card);
}

/// <summary>
/// What people do with a shared card in the group's channel: members acknowledge it, put it on the next meeting's
/// list, add a reflection under it; its sharer withdraws it. The card updates in place after each, and each person
/// can ask for their own view of it. Nothing is recorded for a press that is not the card's own, in its own channel.
/// </summary>
public sealed class GroupReview(
    ISupervisionStore store,
    IPeopleDirectory people,
    GroupCards groupCards,
    CardWithdrawal withdrawal,
    SharedCardComposer composer,
    Deidentifier deidentifier,
    SupervisionReplies replies,
    IAuditLog audit)
{
    /// <summary>Asks for the presser's own view of the card (Teams' refresh); it changes nothing.</summary>
    public const string ViewAction = "view";

    public const string WithdrawAction = "withdraw";

    private static readonly Dictionary<string, string> ReviewActions = new(StringComparer.Ordinal)
    {
        ["acknowledge"] = AuditActions.CardAcknowledged,
        ["discuss"] = AuditActions.CardDiscussionRequested,
        ["addReflection"] = AuditActions.CardPeerReflection,
    };

    private SupervisionText Text => replies.Text;

    /// <summary>True for the actions a group card's buttons carry.</summary>
    public static bool IsCardAction(string? action) => action is ViewAction or WithdrawAction || (action is not null && ReviewActions.ContainsKey(action));

    /// <summary>A press on a group card (a submit or a Teams invoke); the caller shows the answer its own way.</summary>
    public async Task<ReviewAnswer> ActAsync(ITurnContext turn, string? action, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        var cardId = data["cardId"] is JsonValue id && id.TryGetValue<string>(out var value) ? value : null;
        if (cardId == "preview")
        {
            return ReviewAnswer.Say(Text["review.preview"]);
        }

        if (!IsCardAction(action))
        {
            return ReviewAnswer.Say(Text["review.unknownAction"]);
        }

        var card = cardId is null ? null : await store.FindSharedCardAsync(cardId, cancellationToken);
        var group = card is null ? null : (await store.AllGroupsAsync(cancellationToken)).FirstOrDefault(g => g.Id == card.GroupId);
        if (card is null || group is null)
        {
            return ReviewAnswer.Say(Text["review.unknownCard"]);
        }

        // Before anything is recorded: a card's buttons count only in the channel it was posted to.
        if (!InItsChannel(turn.Activity.ChannelId, turn.Activity.Conversation?.Id, group))
        {
            return ReviewAnswer.Say(Text.Fill("review.elsewhere", ("group", group.Name)));
        }

        var isSharer = Person.KeyOf(turn.Activity) == card.OwnerKey;
        if (card.Status == SharedCardStatus.Withdrawn)
        {
            return action == ViewAction
                ? ReviewAnswer.Show(await groupCards.CurrentAsync(card, group, CardView.Base, cancellationToken))
                : ReviewAnswer.Say(Text["review.withdrawn"]);
        }

        if (action == ViewAction)
        {
            return ReviewAnswer.Show(await groupCards.CurrentAsync(card, group, isSharer ? CardView.Sharer : CardView.Peer, cancellationToken));
        }

        if (action == WithdrawAction)
        {
            return isSharer ? await WithdrawAsync(turn, card, cancellationToken) : ReviewAnswer.Say(Text["review.onlySharer"]);
        }

        var member = turn.Activity.From.AadObjectId ?? turn.Activity.From.Id;
        if (!await store.IsMemberAsync(group.Id, member, cancellationToken))
        {
            return ReviewAnswer.Say(Text.Fill("review.notMember", ("group", group.Name)));
        }

        switch (action)
        {
            case "acknowledge":
                await store.AcknowledgeAsync(card.Id, member, cancellationToken);
                break;
            case "discuss":
                await store.RequestDiscussionAsync(card.Id, cancellationToken);
                break;
            case "addReflection" when await AddPeerReflectionAsync(turn, card, member, data, cancellationToken) is { } refused:
                return ReviewAnswer.Say(refused);
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, ReviewActions[action!], card.Id, group.Id), cancellationToken);
        var updated = await RefreshAsync(turn, card.Id, group, cancellationToken);
        return ReviewAnswer.Show(await groupCards.CurrentAsync(updated ?? card, group, isSharer ? CardView.Sharer : CardView.Peer, cancellationToken));
    }

    public async Task DiscussionListAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        if (await GroupHereAsync(turn, cancellationToken) is not { } group)
        {
            return;
        }

        var waiting = await store.DiscussionListAsync(group.Id, cancellationToken);
        if (waiting.Count == 0)
        {
            await replies.SayAsync(turn, "discussion.empty", cancellationToken);
            return;
        }

        var lines = waiting.Select((card, i) => Text.Fill(
            "discussion.item",
            ("number", i + 1),
            ("date", card.PostedAt.ToString("d MMMM", CultureInfo.InvariantCulture)),
            ("question", composer.QuestionOf(card.Content) is { } question ? Text.Fill("discussion.question", ("text", question)) : string.Empty)));
        await replies.SayTextAsync(turn, string.Join('\n', [Text["discussion.title"], .. lines, Text["discussion.markHint"]]), cancellationToken);
    }

    public async Task MarkDiscussedAsync(ITurnContext<IMessageActivity> turn, string which, CancellationToken cancellationToken)
    {
        if (await GroupHereAsync(turn, cancellationToken) is not { } group)
        {
            return;
        }

        if (!await people.IsLeadAsync(turn.Activity.From, cancellationToken))
        {
            await audit.RecordAsync(AuditEvent.RefusedFor(turn.Activity, AuditActions.CardDiscussed, groupId: group.Id), cancellationToken);
            await replies.SayAsync(turn, "discussion.onlyLeads", cancellationToken);
            return;
        }

        var waiting = await store.DiscussionListAsync(group.Id, cancellationToken);
        if (!int.TryParse(which, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 1 || number > waiting.Count)
        {
            await replies.SayAsync(turn, waiting.Count == 0 ? "discussion.empty" : "discussion.which", cancellationToken);
            return;
        }

        await store.MarkDiscussedAsync(waiting[number - 1].Id, cancellationToken);
        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardDiscussed, waiting[number - 1].Id, group.Id), cancellationToken);
        await RefreshAsync(turn, waiting[number - 1].Id, group, cancellationToken);
        await replies.SayAsync(turn, "discussion.marked", cancellationToken);
    }

    /// <returns>Null when the reflection was added; otherwise why not, in words.</returns>
    private async Task<string?> AddPeerReflectionAsync(ITurnContext turn, SharedCard card, string member, JsonObject data, CancellationToken cancellationToken)
    {
        var words = data["peerReflection"] is JsonValue v && v.TryGetValue<string>(out var typed) ? typed.Trim() : string.Empty;
        var limit = Text.Limit("peerReflection");
        if (words.Length == 0 || words.Length > limit)
        {
            return Text.Fill(words.Length == 0 ? "review.peerEmpty" : "review.peerTooLong", ("length", words.Length), ("limit", limit));
        }

        // A peer's words go to the same channel as the card, so they are de-identified as well.
        var name = string.IsNullOrWhiteSpace(turn.Activity.From.Name) ? Text["review.aPeer"] : turn.Activity.From.Name;
        await replies.SayAsync(turn, "review.peerReply", cancellationToken, ("name", name), ("text", deidentifier.Deidentify(words).Text));
        await store.AddPeerReflectionAsync(card.Id, member, cancellationToken);
        return null;
    }

    private async Task<ReviewAnswer> WithdrawAsync(ITurnContext turn, SharedCard card, CancellationToken cancellationToken)
    {
        try
        {
            await withdrawal.WithdrawAsync(card, cancellationToken);
        }
        catch (Exception ex) when (ChannelPoster.IsChannelFailure(ex))
        {
            return ReviewAnswer.Say(Text["withdraw.failed"]);
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardWithdrawn, card.Id, card.GroupId), cancellationToken);
        var withdrawn = await store.FindSharedCardAsync(card.Id, cancellationToken);
        var group = (await store.AllGroupsAsync(cancellationToken)).First(g => g.Id == card.GroupId);
        return ReviewAnswer.Show(await groupCards.CurrentAsync(withdrawn!, group, CardView.Base, cancellationToken));
    }

    /// <summary>The press came from the group's own channel (a thread's ";messageid=" suffix is ignored).</summary>
    private static bool InItsChannel(string? channelId, string? conversationId, SupervisionGroup group) =>
        string.Equals(channelId, group.ChannelId, StringComparison.OrdinalIgnoreCase)
        && ChannelThreads.Root(conversationId) == ChannelThreads.Root(group.Channel.Conversation?.Id);

    /// <summary>Replaces the card in the channel with its current state, for everyone.</summary>
    /// <returns>The card as it now stands.</returns>
    private async Task<SharedCard?> RefreshAsync(ITurnContext turn, string cardId, SupervisionGroup group, CancellationToken cancellationToken)
    {
        var card = await store.FindSharedCardAsync(cardId, cancellationToken);
        if (card?.ActivityId is null)
        {
            return card;
        }

        var refreshFor = await groupCards.RefreshUsersAsync(group, card.OwnerKey, cancellationToken);
        var updated = groupCards.Activity(card.Content, card.Id, card, refreshFor, turn.Activity.ChannelId);
        updated.Id = card.ActivityId;
        await turn.UpdateActivityAsync(updated, cancellationToken);
        return card;
    }

    private async Task<SupervisionGroup?> GroupHereAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsOneToOne())
        {
            await replies.SayAsync(turn, "discussion.onlyInGroup", cancellationToken);
            return null;
        }

        var group = await store.FindGroupByChannelAsync(turn.Activity.ChannelId, ChannelThreads.Root(turn.Activity.Conversation.Id), cancellationToken);
        if (group is null)
        {
            await replies.SayAsync(turn, "discussion.notAGroup", cancellationToken);
        }

        return group;
    }
}
