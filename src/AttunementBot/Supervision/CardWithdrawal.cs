using System.Text.Json.Nodes;

namespace AttunementBot.Supervision;

/// <summary>
/// Takes a shared card back: the post in the group's channel becomes a short "withdrawn" note, and
/// the shared text is no longer kept.
/// </summary>
public sealed class CardWithdrawal(ISupervisionStore store, ChannelPoster poster, SupervisionReplies replies)
{
    /// <returns>The group the card was shared with.</returns>
    public async Task<SupervisionGroup> WithdrawAsync(SharedCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        var group = (await store.AllGroupsAsync(cancellationToken)).First(g => g.Id == card.GroupId);
        var placeholder = new JsonObject
        {
            ["title"] = replies.Text["card.withdrawnTitle"],
            ["body"] = replies.Text["card.withdrawnBody"],
        };
        if (card.ActivityId is not null)
        {
            await poster.UpdateAsync(group.Channel, card.ActivityId, replies.Card(Cards.NoticeCard.Template, placeholder, group.ChannelId), cancellationToken);
        }

        await store.WithdrawAsync(card.Id, placeholder, cancellationToken);
        return group;
    }
}
