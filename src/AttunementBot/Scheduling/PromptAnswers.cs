using System.Globalization;
using AttunementBot.People;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>Answers to a prompt, from its buttons or typed: snooze it, or skip the rest of today.</summary>
public sealed class PromptAnswers(
    IDeliveryStore deliveries,
    IClinicianSettingsStore settingsStore,
    SchedulerSignal signal,
    ScheduleTimes times,
    SchedulingText text,
    IOptions<SchedulingOptions> options,
    TimeProvider clock)
{
    public async Task<string> SnoozeAsync(Snooze snooze, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snooze);
        ArgumentNullException.ThrowIfNull(self);
        var delivery = snooze.Delivery is { } id ? await deliveries.FindAsync(id, cancellationToken) : await deliveries.LatestSentAsync(self.Key, cancellationToken);
        if (delivery is null || delivery.PersonKey != self.Key || delivery.Kind is DeliveryKind.LeadNote or DeliveryKind.Snooze)
        {
            return text.AlreadyHandled;
        }

        var now = clock.GetUtcNow();
        var at = now + options.Value.SnoozeDelay;
        await deliveries.MarkRespondedAsync(delivery.ScheduleId, delivery.Occurrence, self.Key, now, cancellationToken);
        if (!await deliveries.TryAddAsync(new NewDelivery(delivery.ScheduleId, delivery.Occurrence, self.Key, DeliveryKind.Snooze, delivery.TimeZone, at), now, cancellationToken))
        {
            return text.AlreadyHandled;
        }

        signal.Wake();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(delivery.TimeZone);
        return SchedulingText.Format(text.Snoozed, ("time", TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    public async Task<string> SkipTodayAsync(SkipToday skip, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(skip);
        ArgumentNullException.ThrowIfNull(self);
        var now = clock.GetUtcNow();
        var delivery = skip.Delivery is { } id ? await deliveries.FindAsync(id, cancellationToken) : await deliveries.LatestSentAsync(self.Key, cancellationToken);
        if (delivery is not null && delivery.PersonKey == self.Key)
        {
            await deliveries.MarkRespondedAsync(delivery.ScheduleId, delivery.Occurrence, self.Key, now, cancellationToken);
        }

        var until = NextLocalMidnight(now, times.ZoneFor(self));
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        await settingsStore.SaveAsync(current with { SkipUntil = until }, now, cancellationToken);
        await deliveries.SkipPendingAsync(self.Key, until, "skipped-today", now, cancellationToken);
        return text.SkippedToday;
    }

    /// <summary>The start of the person's next local day, through TimeZoneInfo (a zone may skip midnight).</summary>
    private static DateTimeOffset NextLocalMidnight(DateTimeOffset now, TimeZoneInfo zone)
    {
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
