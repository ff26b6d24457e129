using System.Text.Json.Nodes;

namespace AttunementBot.Common;

/// <summary>
/// A supervision group's weekly digest, as a bound card: counts only, never a name or a word anyone wrote.
/// The trends feature composes it; the scheduler, which knows the group's members, asks for it and posts it.
/// </summary>
public interface IGroupDigest
{
    /// <summary>The digest of the last full week (Monday 00:00 UTC to Monday 00:00 UTC) that ended at or before <paramref name="at"/>.</summary>
    /// <param name="memberKeys">The group's members now; those who opted out are left out of the counts.</param>
    Task<JsonObject> ComposeAsync(string groupName, IReadOnlyCollection<string> memberKeys, DateTimeOffset at, CancellationToken cancellationToken);
}
