using System.Text.Json.Nodes;
using AttunementBot.Cards;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>
/// Draws a shared card for its channel and for whoever looks at it. In Teams the post carries Universal Actions
/// and a <c>refresh</c> naming the sharer and the members, so each of them gets their own view (the sharer sees
/// Withdraw, peers see Acknowledge and Discuss); elsewhere the same buttons are plain submits.
/// </summary>
public sealed class GroupCards(SharedCardComposer composer, CardLibrary cards, ISupervisionStore store)
{
    private const string Teams = "msteams";

    /// <summary>The bound card for one view, in the form the channel's cards take.</summary>
    public JsonObject Render(JsonObject content, string cardId, SharedCard? state, CardView view, IReadOnlyList<string> refreshFor, string? channelId) =>
        ChannelRenderer.ForHost(
            cards.Render(SharedCardComposer.Template, composer.ForChannel(content, cardId, state, view, refreshFor)),
            channelId);

    public IMessageActivity Activity(JsonObject content, string cardId, SharedCard? state, IReadOnlyList<string> refreshFor, string? channelId) =>
        ChannelRenderer.ToActivity(Render(content, cardId, state, CardView.Base, refreshFor, channelId), channelId);

    /// <summary>
    /// The Teams users whose client asks for their own view of the card: the sharer first, then the group's members
    /// the bot knows, at most <see cref="SharedCardComposer.MaxRefreshUsers"/>. Other channels have no such views.
    /// </summary>
    public async Task<IReadOnlyList<string>> RefreshUsersAsync(SupervisionGroup group, string ownerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!string.Equals(group.ChannelId, Teams, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        // A person key is "{channel}:{user id}"; in Teams the user id is the MRI that refresh names people by.
        const string prefix = Teams + ":";
        IEnumerable<string> keys = [ownerKey, .. await store.MemberKeysAsync(group.Id, cancellationToken)];
        return [.. keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..])
            .Distinct(StringComparer.Ordinal)
            .Take(SharedCardComposer.MaxRefreshUsers)];
    }

    /// <summary>The card as it stands now for <paramref name="view"/>, or the note a withdrawn card became.</summary>
    public async Task<JsonObject> CurrentAsync(SharedCard card, SupervisionGroup group, CardView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(group);
        return card.Status == SharedCardStatus.Withdrawn
            ? cards.Render(NoticeCard.Template, card.Content)
            : Render(card.Content, card.Id, card, view, await RefreshUsersAsync(group, card.OwnerKey, cancellationToken), group.ChannelId);
    }
}
