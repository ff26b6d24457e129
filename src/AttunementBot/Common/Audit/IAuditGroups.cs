namespace AttunementBot.Common.Audit;

/// <summary>
/// Which supervision group a lead means, for reading the group's part of the audit trail. The
/// supervision feature answers it, so the audit feature needs nothing of supervision's own.
/// </summary>
public interface IAuditGroups
{
    Task<AuditGroup?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>The group whose channel this conversation is (a thread's ";messageid=" suffix is ignored).</summary>
    Task<AuditGroup?> FindByConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken);
}

public sealed record AuditGroup(string Id, string Name);
