using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>
/// Who belongs to a supervision group, as Scheduling needs it. Owned here (the consumer); the supervision
/// feature registers its own implementation. Members are looked up at each run, so a schedule follows the group.
/// </summary>
public interface ISupervisionGroupMembers
{
    /// <returns>Person keys ("{channelId}:{userId}"); empty when the group is unknown or empty.</returns>
    Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken);

    /// <summary>
    /// The group's own channel (in Teams: its service URL, tenant and the bot's account), through which a member
    /// who never wrote to the bot can still be reached one-to-one. Null when the group is unknown.
    /// </summary>
    Task<ConversationReference?> ChannelAsync(string groupName, CancellationToken cancellationToken) =>
        Task.FromResult<ConversationReference?>(null);

    /// <summary>Every group's name, for a lead's people and group picker.</summary>
    Task<IReadOnlyList<string>> GroupNamesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

/// <summary>Until the supervision feature provides groups: a directory that knows none.</summary>
public sealed class NoSupervisionGroups : ISupervisionGroupMembers
{
    public Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
