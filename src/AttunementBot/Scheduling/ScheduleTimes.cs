using System.Globalization;
using AttunementBot.People;
using Cronos;

namespace AttunementBot.Scheduling;

/// <summary>Times as a person sees them in the scheduling replies: their own zone, a schedule's next run, local dates.</summary>
public sealed class ScheduleTimes(IPeopleDirectory people, OccurrencePlanner planner, SchedulingText text, TimeProvider clock)
{
    private static readonly Schedule NoZone = new(0, string.Empty, TargetKind.People, [], string.Empty, "* * * * *", string.Empty, null, false, default, default, default);

    /// <summary>The next run as the person will see it, and the zone it is in (or "each person's own").</summary>
    public async Task<(string Next, string Zone)> NextRunAsync(Schedule schedule, Person viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var recipients = schedule.TargetKind == TargetKind.People ? schedule.Target : [];
        var single = recipients.Count == 1 ? await people.FindAsync(recipients[0], cancellationToken) : null;
        var zoneId = planner.ZoneOf(schedule, single ?? viewer);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var next = CronExpression.Parse(schedule.Cron).GetNextOccurrence(clock.GetUtcNow(), zone);
        var shownZone = schedule.TimeZone is null && single is null ? text.EachOwnZone : zoneId;
        return (next is { } at ? Local(at, zone) : "-", shownZone);
    }

    public TimeZoneInfo ZoneFor(Person person) => TimeZoneInfo.FindSystemTimeZoneById(planner.ZoneOf(NoZone, person));

    public string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(text.DateFormat, CultureInfo.InvariantCulture);
}
