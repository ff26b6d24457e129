using System.Globalization;
using System.Text.RegularExpressions;
using AttunementBot.Cards;
using AttunementBot.People;
using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>A clinician's own prompt settings: time zone, working days, time away, and the card that shows them.</summary>
public sealed class PromptSettings(
    IClinicianSettingsStore settingsStore,
    IScheduleStore schedules,
    IPeopleDirectory people,
    SchedulerSignal signal,
    ScheduleTimes times,
    CardLibrary cards,
    SchedulingText text,
    TimeProvider clock)
{
    public async Task<string> SetTimeZoneAsync(SetTimeZone command, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(self);
        var zone = command.Zone.Trim();
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone, out var iana))
        {
            zone = iana;
        }

        if (!(zone.Contains('/', StringComparison.Ordinal) || zone == "UTC") || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return SchedulingText.Format(text.TimeZoneUnknown, ("zone", command.Zone));
        }

        await people.SetTimeZoneAsync(self.Key, zone, cancellationToken);
        // Their next prompt may now come sooner than the scheduler planned to look.
        await schedules.RecheckAllAsync(clock.GetUtcNow(), cancellationToken);
        signal.Wake();
        return SchedulingText.Format(text.TimeZoneSet, ("zone", zone));
    }

    public async Task<string> SetWorkingDaysAsync(SetWorkingDays command, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(self);
        if (!WorkingDays.TryParse(command.Days, out var days))
        {
            return text.WorkingDaysHelp;
        }

        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        await settingsStore.SaveAsync(current with { WorkingDays = days }, clock.GetUtcNow(), cancellationToken);
        return SchedulingText.Format(text.WorkingDaysSet, ("days", days is null ? text.SettingsEveryDay : WorkingDays.Describe(days)));
    }

    public async Task<string> SetAwayAsync(SetAway command, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(self);
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        var now = clock.GetUtcNow();
        var value = command.Text.Trim().ToLowerInvariant();
        if (value is "off" or "none" or "clear")
        {
            await settingsStore.SaveAsync(current with { AwayFrom = null, AwayUntil = null }, now, cancellationToken);
            return text.AwayCleared;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, times.ZoneFor(self)).DateTime);
        var dates = Regex.Matches(value, @"\d{4}-\d{2}-\d{2}")
            .Select(m => DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .ToList();
        if (dates.Count is 0 or > 2 || dates.Any(d => d is null))
        {
            return text.AwayHelp;
        }

        var from = dates.Count == 2 ? dates[0]!.Value : today;
        var until = dates[^1]!.Value;
        if (until < from)
        {
            return text.AwayHelp;
        }

        await settingsStore.SaveAsync(current with { AwayFrom = from, AwayUntil = until }, now, cancellationToken);
        return SchedulingText.Format(
            text.AwaySet,
            ("from", from.ToString(text.DayFormat, CultureInfo.InvariantCulture)),
            ("until", until.ToString(text.DayFormat, CultureInfo.InvariantCulture)));
    }

    /// <summary>The zone by its city, and whether the bot knows it or is only assuming.</summary>
    private string ZoneSetting(Person self)
    {
        var zone = times.ZoneFor(self).Id;
        return self.TimeZone is null
            ? SchedulingText.Format(text.SettingsZoneUnknown, ("zone", times.ZoneName(zone)))
            : SchedulingText.Format(text.SettingsZoneKnown, ("zone", times.ZoneName(zone)), ("id", zone));
    }

    public async Task<IActivity> SettingsCardAsync(Person self, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        var away = current.AwayUntil is { } until
            ? $"{(current.AwayFrom ?? until).ToString(text.DayFormat, CultureInfo.InvariantCulture)} – {until.ToString(text.DayFormat, CultureInfo.InvariantCulture)}"
            : text.SettingsNotAway;
        var notice = new NoticeCard(
            text.SettingsTitle,
            Facts:
            [
                new NoticeFact(text.SettingsZone, ZoneSetting(self)),
                new NoticeFact(text.SettingsDays, current.WorkingDays is { } days ? WorkingDays.Describe(days) : text.SettingsEveryDay),
                new NoticeFact(text.SettingsAway, away),
            ]);
        return ChannelRenderer.ToActivity(cards.Render(NoticeCard.Template, notice), channelId);
    }
}
