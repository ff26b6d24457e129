using AttunementBot.Scheduling;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>Tells scheduling who is in a group, so a lead can schedule prompts for a whole group.</summary>
public sealed class SupervisionGroupMembers(ISupervisionStore store) : ISupervisionGroupMembers
{
    public async Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
        await store.FindGroupAsync(groupName, cancellationToken) is { } group
            ? await store.MemberKeysAsync(group.Id, cancellationToken)
            : [];

    public async Task<ConversationReference?> ChannelAsync(string groupName, CancellationToken cancellationToken) =>
        (await store.FindGroupAsync(groupName, cancellationToken))?.Channel;

    public async Task<IReadOnlyList<string>> GroupNamesAsync(CancellationToken cancellationToken) =>
        [.. (await store.AllGroupsAsync(cancellationToken)).Select(group => group.Name)];
}
