using System.Text.Json.Nodes;

namespace AttunementBot.Supervision;

/// <summary>Groups, memberships and shared cards.</summary>
public interface ISupervisionStore
{
    /// <summary>Creates the group, or points an existing group of that name at this channel.</summary>
    Task<SupervisionGroup> SaveGroupAsync(SupervisionGroup group, CancellationToken cancellationToken);

    Task<SupervisionGroup?> FindGroupAsync(string name, CancellationToken cancellationToken);

    Task<SupervisionGroup?> FindGroupByChannelAsync(string channelId, string conversationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SupervisionGroup>> GroupsOfAsync(string personKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<SupervisionGroup>> AllGroupsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SupervisionGroup>> GroupsOfTeamAsync(string teamId, CancellationToken cancellationToken);

    /// <returns>False when the person was already a member.</returns>
    Task<bool> JoinAsync(string groupId, string personKey, string roleId, CancellationToken cancellationToken);

    /// <returns>False when the person was not a member.</returns>
    Task<bool> LeaveAsync(string groupId, string personKey, CancellationToken cancellationToken);

    Task<bool> IsMemberAsync(string groupId, string roleId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> MemberKeysAsync(string groupId, CancellationToken cancellationToken);

    Task AddSharedCardAsync(SharedCard card, CancellationToken cancellationToken);

    Task SetActivityIdAsync(string cardId, string activityId, CancellationToken cancellationToken);

    Task<SharedCard?> FindSharedCardAsync(string cardId, CancellationToken cancellationToken);

    /// <summary>The owner's card posted from that preview, if one was.</summary>
    Task<SharedCard?> FindSharedCardByPreviewAsync(string ownerKey, string previewId, CancellationToken cancellationToken);

    /// <summary>The owner's shared cards, newest first.</summary>
    Task<IReadOnlyList<SharedCard>> SharedByAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>Cards in the group waiting to be discussed, oldest first.</summary>
    Task<IReadOnlyList<SharedCard>> DiscussionListAsync(string groupId, CancellationToken cancellationToken);

    Task<bool> WithdrawAsync(string cardId, JsonObject withdrawnContent, CancellationToken cancellationToken);

    /// <returns>False when this member had already acknowledged the card.</returns>
    Task<bool> AcknowledgeAsync(string cardId, string roleId, CancellationToken cancellationToken);

    Task<bool> RequestDiscussionAsync(string cardId, CancellationToken cancellationToken);

    Task<bool> MarkDiscussedAsync(string cardId, CancellationToken cancellationToken);

    Task AddPeerReflectionAsync(string cardId, string roleId, CancellationToken cancellationToken);

    /// <summary>Removes the person's shared cards (with their acknowledgements) and memberships.</summary>
    Task ForgetAsync(string personKey, CancellationToken cancellationToken);
}
