using Microsoft.Bot.Schema;

namespace AttunementBot.People;

/// <summary>Who the bot knows, how to reach them, and who may act as a lead.</summary>
public interface IPeopleDirectory
{
    /// <summary>
    /// Records (or refreshes) the person behind a one-to-one message: their conversation reference,
    /// and their time zone from the channel unless they chose one themselves.
    /// </summary>
    Task RememberAsync(IActivity activity, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="RememberAsync"/> for the sender of the turn under way, written in that turn's own commit (at once
    /// when no turn is under way): saved exactly when the turn is, with no commit of its own.
    /// </summary>
    Task RememberWithTurnAsync(IActivity activity, CancellationToken cancellationToken);

    Task<Person?> FindAsync(string personKey, CancellationToken cancellationToken);

    /// <summary>Everyone of <paramref name="personKeys"/> the bot knows, by key, in a few queries rather than one each (a group's prompt).</summary>
    Task<IReadOnlyDictionary<string, Person>> FindManyAsync(IEnumerable<string> personKeys, CancellationToken cancellationToken);

    /// <summary>Finds people by display name, Azure AD object id or user id (for "schedule for NAME").</summary>
    Task<IReadOnlyList<Person>> SearchAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>People whose name or user id contains <paramref name="text"/> (all when empty), by name, for a picker.</summary>
    Task<IReadOnlyList<Person>> ListAsync(string text, int limit, CancellationToken cancellationToken);

    /// <summary>The person's own choice of time zone (an IANA name, already validated).</summary>
    Task SetTimeZoneAsync(string personKey, string timeZone, CancellationToken cancellationToken);

    Task<bool> IsLeadAsync(Person person, CancellationToken cancellationToken);

    /// <summary>For someone speaking in a channel, who may never have written to the bot one-to-one.</summary>
    Task<bool> IsLeadAsync(ChannelAccount account, CancellationToken cancellationToken);

    Task GrantLeadAsync(string roleId, string grantedBy, CancellationToken cancellationToken);

    /// <summary>Removes the person's record and any lead role granted to them in chat.</summary>
    Task ForgetAsync(string personKey, CancellationToken cancellationToken);
}
