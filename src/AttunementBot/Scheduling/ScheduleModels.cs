namespace AttunementBot.Scheduling;

public enum TargetKind
{
    People,
    Group,

    /// <summary>A group's weekly digest for the lead who made it: Target is the group's name, then "channel" to post it there.</summary>
    Digest,
}

/// <summary>A recurring prompt as stored.</summary>
/// <param name="Cron">Five-field cron in local time.</param>
/// <param name="TimeZone">IANA name, or null for "each recipient's own time zone".</param>
/// <param name="Target">Person keys (for <see cref="TargetKind.People"/>) or the group's name.</param>
public sealed record Schedule(
    long Id,
    string OwnerKey,
    TargetKind TargetKind,
    IReadOnlyList<string> Target,
    string TargetLabel,
    string Cron,
    string Description,
    string? TimeZone,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset EvaluatedUntil,
    DateTimeOffset NextCheckAt);

/// <summary>What a new or edited schedule says; the store fills in the bookkeeping.</summary>
public sealed record ScheduleDraft(
    string OwnerKey,
    TargetKind TargetKind,
    IReadOnlyList<string> Target,
    string TargetLabel,
    CronSpec When);

public static class DeliveryKind
{
    public const string Prompt = "prompt";
    public const string Reminder = "reminder";
    public const string Snooze = "snooze";
    public const string LeadNote = "lead-note";
    public const string Digest = "digest";
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Missed = "missed";
    public const string Failed = "failed";
    public const string Uncertain = "uncertain";
}

/// <summary>
/// One message the scheduler means to send. (ScheduleId, Occurrence, PersonKey, Kind) is unique: the
/// idempotency key.
/// </summary>
public sealed record Delivery(
    long Id,
    long ScheduleId,
    string Occurrence,
    string PersonKey,
    string Kind,
    string Status,
    string? Reason,
    string TimeZone,
    string? Payload,
    DateTimeOffset NotBefore,
    int Attempts,
    DateTimeOffset? SentAt,
    DateTimeOffset? RespondedAt);

/// <summary>A delivery to create. Status is pending, or skipped/missed with a reason, to record it.</summary>
public sealed record NewDelivery(
    long ScheduleId,
    string Occurrence,
    string PersonKey,
    string Kind,
    string TimeZone,
    DateTimeOffset NotBefore,
    string Status = DeliveryStatus.Pending,
    string? Reason = null,
    string? Payload = null);

/// <summary>A clinician's own choices about when prompts may come.</summary>
/// <param name="WorkingDays">Days prompts may come; null = every day.</param>
/// <param name="AwayFrom">First local day away (inclusive).</param>
/// <param name="AwayUntil">Last local day away (inclusive).</param>
/// <param name="SkipUntil">"Skip today" lasts until this instant (the person's local midnight).</param>
public sealed record ClinicianSettings(
    string PersonKey,
    IReadOnlySet<DayOfWeek>? WorkingDays,
    DateOnly? AwayFrom,
    DateOnly? AwayUntil,
    DateTimeOffset? SkipUntil)
{
    public static ClinicianSettings None(string personKey) => new(personKey, null, null, null, null);

    /// <summary>Why no prompt may come at this local time, or null when one may.</summary>
    public string? Blocks(DateTimeOffset instant, DateTime local)
    {
        var day = DateOnly.FromDateTime(local);
        if (WorkingDays is { } days && !days.Contains(local.DayOfWeek))
        {
            return "not-a-working-day";
        }

        if (AwayFrom is { } from && AwayUntil is { } until && day >= from && day <= until)
        {
            return "away";
        }

        if (AwayFrom is null && AwayUntil is { } onlyUntil && day <= onlyUntil)
        {
            return "away";
        }

        return SkipUntil is { } skip && instant < skip ? "skipped-today" : null;
    }
}

/// <summary>
/// What a list shows about a schedule's last run: the prompts of one local occurrence ("Mon 2 Mar, 17:30"
/// in each person's own zone), never several runs added up.
/// </summary>
/// <param name="Planned">Everyone the run was meant for, whatever became of their prompt.</param>
/// <param name="Skipped">Away, not a working day, or "skip today".</param>
/// <param name="Pending">Not sent yet: their local time has not come, or the channel asked to wait.</param>
public sealed record ScheduleRun(DateTimeOffset LastSentAt, IReadOnlyList<string> Reached, int Planned, int Skipped, int Pending, int Uncertain, int Failed);

/// <summary>Which run an occurrence belongs to: its local date and time in the zone it was planned in.</summary>
public static class RunKey
{
    public static string Of(string occurrence, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        var instant = Storage.Sql.ParseInstant(occurrence);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }
}
