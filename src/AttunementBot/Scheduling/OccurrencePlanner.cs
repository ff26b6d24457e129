using AttunementBot.People;
using AttunementBot.Storage;
using Cronos;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>
/// Turns a due schedule into deliveries: for each recipient (a group is expanded now), the cron line's
/// occurrences since the last look, computed by Cronos in the recipient's time zone (or the schedule's own),
/// so 17:30 stays 17:30 local across daylight-saving changes. The latest occurrence fires if it is within
/// the grace period; older ones (the bot was down) are recorded as missed. Working days, away periods and
/// "skip today" turn a prompt into a recorded skip.
/// </summary>
public sealed partial class OccurrencePlanner(
    IScheduleStore schedules,
    IClinicianSettingsStore settings,
    IPeopleDirectory people,
    ISupervisionGroupMembers groups,
    IOptions<SchedulingOptions> options,
    IOptions<PeopleOptions> peopleOptions,
    ILogger<OccurrencePlanner> logger)
{
    /// <summary>At most this many missed occurrences are recorded per person per look (after a long outage).</summary>
    private const int MissedRecordLimit = 5;

    public async Task PlanAsync(Schedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var cron = CronExpression.Parse(schedule.Cron);
        var recipients = await RecipientsAsync(schedule, cancellationToken);
        var excluded = await schedules.ExclusionsAsync(schedule.Id, cancellationToken);
        var nextCheck = now + options.Value.RecipientRefresh;
        var deliveries = new List<NewDelivery>();
        var kind = schedule.TargetKind == TargetKind.Digest ? DeliveryKind.Digest : DeliveryKind.Prompt;
        var missed = 0;
        var keys = recipients.Where(k => !excluded.Contains(k)).Distinct(StringComparer.Ordinal).ToList();

        // A group of hundreds: a few queries for everyone's zone and settings, not two for each before the first send.
        var known = await people.FindManyAsync(keys, cancellationToken);
        var clinicians = await settings.GetManyAsync(keys, cancellationToken);
        foreach (var key in keys)
        {
            var person = known.GetValueOrDefault(key);
            var zoneId = ZoneOf(schedule, person);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var recent = new Queue<DateTimeOffset>();
            var count = 0;
            foreach (var occurrence in cron.GetOccurrences(schedule.EvaluatedUntil, now, zone, fromInclusive: false, toInclusive: true))
            {
                count++;
                recent.Enqueue(occurrence);
                if (recent.Count > MissedRecordLimit + 1)
                {
                    recent.Dequeue();
                }
            }

            if (recent.Count > 0)
            {
                var latest = recent.Last();
                var fires = now - latest <= options.Value.MissedRunGrace;
                foreach (var old in recent.Take(recent.Count - (fires ? 1 : 0)))
                {
                    deliveries.Add(new NewDelivery(schedule.Id, Sql.Instant(old), key, kind, zoneId, old, DeliveryStatus.Missed, "bot-was-down"));
                }

                missed += count - (fires ? 1 : 0);
                if (fires)
                {
                    var blocked = clinicians[key].Blocks(latest, TimeZoneInfo.ConvertTime(latest, zone).DateTime);
                    deliveries.Add(blocked is null
                        ? new NewDelivery(schedule.Id, Sql.Instant(latest), key, kind, zoneId, latest)
                        : new NewDelivery(schedule.Id, Sql.Instant(latest), key, kind, zoneId, latest, DeliveryStatus.Skipped, blocked));
                }
            }

            if (cron.GetNextOccurrence(now, zone) is { } next && next < nextCheck)
            {
                nextCheck = next;
            }
        }

        if (missed > 0)
        {
            LogMissed(logger, schedule.Id, missed);
        }

        // False when another instance planned it first: then its deliveries stand, and ours are not written.
        await schedules.AdvanceAsync(schedule.Id, schedule.EvaluatedUntil, now, nextCheck, deliveries, cancellationToken);
    }

    /// <summary>The zone a person's prompts are computed in: the schedule's own, else theirs, else the default.</summary>
    public string ZoneOf(Schedule schedule, Person? person)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.TimeZone ?? person?.TimeZone ?? peopleOptions.Value.DefaultTimeZone;
    }

    public async Task<IReadOnlyList<string>> RecipientsAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.TargetKind switch
        {
            TargetKind.Group => await groups.PersonKeysAsync(schedule.Target[0], cancellationToken),
            TargetKind.Digest => [schedule.OwnerKey],
            _ => schedule.Target,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: {Count} run(s) were missed beyond the grace period and are recorded as missed")]
    private static partial void LogMissed(ILogger logger, long scheduleId, int count);
}
