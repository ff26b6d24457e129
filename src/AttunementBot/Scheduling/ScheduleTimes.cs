using System.Globalization;
using AttunementBot.People;
using Cronos;

namespace AttunementBot.Scheduling;

/// <summary>When a schedule runs next as someone reads it, and whose clock that is.</summary>
/// <param name="Next">A local date and time, or a span of them for people in several zones.</param>
/// <param name="Zone">Whose local time: "your local time (Berlin)", "at each person's own local time".</param>
public sealed record NextRun(string Next, string Zone);

/// <summary>
/// Times as a person sees them in the scheduling replies: always local, named by city, never a zone code.
/// For several recipients the next run is computed in each one's own zone, so "Next" is true for all of them.
/// </summary>
public sealed class ScheduleTimes(IPeopleDirectory people, OccurrencePlanner planner, SchedulingText text, TimeProvider clock)
{
    private static readonly Schedule NoZone = new(0, string.Empty, TargetKind.People, [], string.Empty, "* * * * *", string.Empty, null, false, default, default, default);

    public async Task<NextRun> NextRunAsync(Schedule schedule, Person viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(viewer);
        var cron = CronExpression.Parse(schedule.Cron);
        var now = clock.GetUtcNow();
        if (schedule.TimeZone is { } fixedZone)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(fixedZone);
            return new NextRun(Local(cron.GetNextOccurrence(now, zone), zone), SchedulingText.Format(text.ZoneFixed, ("zone", ZoneName(fixedZone))));
        }

        var recipients = await planner.RecipientsAsync(schedule, cancellationToken);
        if (schedule.TargetKind == TargetKind.People && recipients is [var only])
        {
            var person = only == viewer.Key ? viewer : await people.FindAsync(only, cancellationToken);
            var zoneId = planner.ZoneOf(schedule, person);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            return new NextRun(Local(cron.GetNextOccurrence(now, zone), zone), WhoseClock(person, only == viewer.Key, zoneId));
        }

        // Each recipient's next run in their own zone: the same wall-clock time, but not always the same day.
        var runs = new List<(DateTimeOffset At, string Local)>();
        foreach (var zoneId in await ZonesAsync(schedule, recipients, cancellationToken))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            if (cron.GetNextOccurrence(now, zone) is { } at)
            {
                runs.Add((at, Local(at, zone)));
            }
        }

        var locals = runs.OrderBy(r => r.At).Select(r => r.Local).Distinct(StringComparer.Ordinal).ToList();
        var next = locals.Count switch
        {
            0 => "-",
            1 => locals[0],
            _ => SchedulingText.Format(text.NextSpread, ("first", locals[0]), ("last", locals[^1])),
        };
        return new NextRun(next, text.EachOwnZone);
    }

    public TimeZoneInfo ZoneFor(Person person) => TimeZoneInfo.FindSystemTimeZoneById(planner.ZoneOf(NoZone, person));

    public string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(text.DateFormat, CultureInfo.InvariantCulture);

    /// <summary>"Europe/London" → "London", "America/Argentina/Buenos_Aires" → "Buenos Aires"; UTC in plain words.</summary>
    public string ZoneName(string zoneId)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        if (zoneId is "UTC" or "Etc/UTC" or "Etc/GMT" or "GMT" or "Etc/Universal" or "Universal")
        {
            return text.ZoneUniversal;
        }

        var city = zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return SchedulingText.Format(text.ZoneCity, ("city", city));
    }

    private string Local(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } at ? Local(at, zone) : "-";

    private string WhoseClock(Person? person, bool self, string zoneId)
    {
        var zone = ZoneName(zoneId);
        var name = person?.DisplayName ?? person?.UserId ?? text.Someone;
        return (self, person?.TimeZone is not null) switch
        {
            (true, true) => SchedulingText.Format(text.ZoneOfSelf, ("zone", zone)),
            (true, false) => SchedulingText.Format(text.ZoneUnknownSelf, ("zone", zone)),
            (false, true) => SchedulingText.Format(text.ZoneOfPerson, ("name", name), ("zone", zone)),
            _ => SchedulingText.Format(text.ZoneUnknown, ("name", name), ("zone", zone)),
        };
    }

    private async Task<HashSet<string>> ZonesAsync(Schedule schedule, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in recipients)
        {
            zones.Add(planner.ZoneOf(schedule, await people.FindAsync(key, cancellationToken)));
        }

        return zones;
    }
}
