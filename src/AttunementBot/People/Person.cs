using AttunementBot.Common;
using Microsoft.Bot.Schema;

namespace AttunementBot.People;

/// <summary>
/// Someone the bot has talked to one-to-one, and how to reach them again without being asked
/// (a scheduled prompt, a note about a shared card).
/// </summary>
/// <param name="Key">"{channelId}:{userId}": the same person on another channel is another key.</param>
/// <param name="AadObjectId">The Azure AD object id Teams sends; leads are configured by it.</param>
/// <param name="TimeZone">IANA time-zone name, or null when not known yet.</param>
/// <param name="LastSeenAt">When the person last wrote to the bot one-to-one.</param>
public sealed record Person(
    string Key,
    string ChannelId,
    string UserId,
    string? AadObjectId,
    string? DisplayName,
    string? TenantId,
    ConversationReference Reference,
    string? TimeZone,
    bool TimeZoneSetByPerson,
    DateTimeOffset LastSeenAt)
{
    public static string KeyOf(IActivity activity) => activity.PersonKey();

    /// <summary>The id leads are listed by: the Azure AD object id where the channel has one.</summary>
    public string RoleId => AadObjectId ?? UserId;
}
