using System.Globalization;
using System.Text.Json.Nodes;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Supervision.Deidentification;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>
/// What members do with a shared card in the group's channel: acknowledge it, put it on the next
/// meeting's list, add a reflection under it. The card updates in place after each.
/// </summary>
public sealed class GroupReview(
    ISupervisionStore store,
    IPeopleDirectory people,
    SharedCardComposer composer,
    Deidentifier deidentifier,
    SupervisionReplies replies,
    IAuditLog audit)
{
    private static readonly Dictionary<string, string> ReviewActions = new(StringComparer.Ordinal)
    {
        ["acknowledge"] = AuditActions.CardAcknowledged,
        ["discuss"] = AuditActions.CardDiscussionRequested,
        ["addReflection"] = AuditActions.CardPeerReflection,
    };

    private SupervisionText Text => replies.Text;

    public async Task ActAsync(ITurnContext<IMessageActivity> turn, string action, JsonObject submit, CancellationToken cancellationToken)
    {
        var cardId = submit["cardId"] is JsonValue id && id.TryGetValue<string>(out var value) ? value : null;
        if (cardId == "preview")
        {
            await replies.SayAsync(turn, "review.preview", cancellationToken);
            return;
        }

        var card = cardId is null ? null : await store.FindSharedCardAsync(cardId, cancellationToken);
        if (card is null || card.Status == SharedCardStatus.Withdrawn)
        {
            await replies.SayAsync(turn, "review.withdrawn", cancellationToken);
            return;
        }

        var group = (await store.AllGroupsAsync(cancellationToken)).First(g => g.Id == card.GroupId);
        var member = turn.Activity.From.AadObjectId ?? turn.Activity.From.Id;
        if (!await store.IsMemberAsync(group.Id, member, cancellationToken))
        {
            await replies.SayAsync(turn, "review.notMember", cancellationToken, ("group", group.Name));
            return;
        }

        switch (action)
        {
            case "acknowledge":
                await store.AcknowledgeAsync(card.Id, member, cancellationToken);
                break;
            case "discuss":
                await store.RequestDiscussionAsync(card.Id, cancellationToken);
                break;
            case "addReflection" when !await AddPeerReflectionAsync(turn, card, member, submit, cancellationToken):
                return;
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, ReviewActions[action], card.Id, group.Id), cancellationToken);

        await RefreshAsync(turn, card.Id, cancellationToken);
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
            ("question", QuestionOf(card) is { } question ? Text.Fill("discussion.question", ("text", question)) : string.Empty)));
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
        await RefreshAsync(turn, waiting[number - 1].Id, cancellationToken);
        await replies.SayAsync(turn, "discussion.marked", cancellationToken);
    }

    private async Task<bool> AddPeerReflectionAsync(ITurnContext<IMessageActivity> turn, SharedCard card, string member, JsonObject submit, CancellationToken cancellationToken)
    {
        var words = submit["peerReflection"] is JsonValue v && v.TryGetValue<string>(out var typed) ? typed.Trim() : string.Empty;
        var limit = Text.Limit("peerReflection");
        if (words.Length == 0 || words.Length > limit)
        {
            await replies.SayAsync(turn, words.Length == 0 ? "review.peerEmpty" : "review.peerTooLong", cancellationToken, ("length", words.Length), ("limit", limit));
            return false;
        }

        // A peer's words go to the same channel as the card, so they are de-identified as well.
        var name = string.IsNullOrWhiteSpace(turn.Activity.From.Name) ? Text["review.aPeer"] : turn.Activity.From.Name;
        await replies.SayAsync(turn, "review.peerReply", cancellationToken, ("name", name), ("text", deidentifier.Deidentify(words).Text));
        await store.AddPeerReflectionAsync(card.Id, member, cancellationToken);
        return true;
    }

    /// <summary>Replaces the card in the channel with its current state.</summary>
    private async Task RefreshAsync(ITurnContext turn, string cardId, CancellationToken cancellationToken)
    {
        var card = await store.FindSharedCardAsync(cardId, cancellationToken);
        if (card?.ActivityId is null)
        {
            return;
        }

        var updated = replies.Card(SharedCardComposer.Template, composer.ForChannel(card.Content, card.Id, card), turn.Activity.ChannelId);
        updated.Id = card.ActivityId;
        await turn.UpdateActivityAsync(updated, cancellationToken);
    }

    private async Task<SupervisionGroup?> GroupHereAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsOneToOne())
        {
            await replies.SayAsync(turn, "discussion.onlyInGroup", cancellationToken);
            return null;
        }

        var conversation = turn.Activity.Conversation.Id;
        var thread = conversation.IndexOf(";messageid=", StringComparison.Ordinal);
        var group = await store.FindGroupByChannelAsync(turn.Activity.ChannelId, thread >= 0 ? conversation[..thread] : conversation, cancellationToken);
        if (group is null)
        {
            await replies.SayAsync(turn, "discussion.notAGroup", cancellationToken);
        }

        return group;
    }

    private string? QuestionOf(SharedCard card) =>
        card.Content["texts"]?.AsArray()
            .FirstOrDefault(t => (string?)t!["title"] == Text["card.questionTitle"])?["text"]?.GetValue<string>();
}
