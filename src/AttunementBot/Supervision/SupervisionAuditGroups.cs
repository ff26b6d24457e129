using AttunementBot.Common.Audit;

namespace AttunementBot.Supervision;

/// <summary>Tells the audit feature which group a lead means.</summary>
public sealed class SupervisionAuditGroups(ISupervisionStore store) : IAuditGroups
{
    public async Task<AuditGroup?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        await store.FindGroupAsync(name, cancellationToken) is { } group ? new AuditGroup(group.Id, group.Name) : null;

    public async Task<AuditGroup?> FindByConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        await store.FindGroupByChannelAsync(channelId, ChannelThreads.Root(conversationId), cancellationToken) is { } group ? new AuditGroup(group.Id, group.Name) : null;
}
