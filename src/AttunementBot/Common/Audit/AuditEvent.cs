using Microsoft.Bot.Schema;

namespace AttunementBot.Common.Audit;

/// <summary>
/// One sensitive action, as ids only: who, what, on which record, in which group. It never carries
/// what anyone wrote (no reflection text, no names typed into a command); the log's time is added
/// when it is recorded.
/// </summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Actor">The person key of who acted ("{channelId}:{userId}"), or "system".</param>
/// <param name="Subject">The record acted on (a card id, a schedule id, a person key), when there is one.</param>
/// <param name="GroupId">The supervision group the action belongs to, so its lead can read it.</param>
public sealed record AuditEvent(string Action, string Actor, string? Subject = null, string? GroupId = null, bool Refused = false)
{
    public const string SystemActor = "system";

    /// <summary>An action by the person who sent <paramref name="activity"/>.</summary>
    public static AuditEvent By(IActivity activity, string action, string? subject = null, string? groupId = null) =>
        new(action, ActorOf(activity), subject, groupId);

    /// <summary>An attempt the bot refused (a lead's action by someone who is not a lead).</summary>
    public static AuditEvent RefusedFor(IActivity activity, string action, string? subject = null, string? groupId = null) =>
        new(action, ActorOf(activity), subject, groupId, Refused: true);

    private static string ActorOf(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return $"{activity.ChannelId}:{activity.From?.Id}";
    }
}

/// <summary>The actions the audit log knows, as stable names an operator can filter on.</summary>
public static class AuditActions
{
    public const string CardPreviewed = "card.previewed";
    public const string CardShared = "card.shared";
    public const string CardWithdrawn = "card.withdrawn";
    public const string CardAcknowledged = "card.acknowledged";
    public const string CardDiscussionRequested = "card.discussionRequested";
    public const string CardPeerReflection = "card.peerReflection";
    public const string CardDiscussed = "card.markedDiscussed";
    public const string GroupSetUp = "group.setUp";
    public const string GroupJoined = "group.joined";
    public const string GroupLeft = "group.left";
    public const string LeadAdded = "lead.added";
    public const string ScheduleCreated = "schedule.created";
    public const string ScheduleChanged = "schedule.changed";
    public const string DataExported = "data.exported";
    public const string DataDeleted = "data.deleted";
    public const string ReflectionDeleted = "reflection.deleted";
    public const string AuditRead = "audit.read";
}
