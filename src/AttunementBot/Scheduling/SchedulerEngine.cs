using AttunementBot.Common;
using AttunementBot.People;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>
/// One pass of the scheduler: plan what is due, then send what may go now within the rate limits, and say
/// when to look next. Sends run concurrently, but every decision (claims, limiter) is made on this one loop.
/// </summary>
public sealed partial class SchedulerEngine(
    IScheduleStore schedules,
    IDeliveryStore deliveries,
    IClinicianSettingsStore settings,
    IPeopleDirectory people,
    OccurrencePlanner planner,
    IProactiveSender sender,
    SchedulingMessages messages,
    SendRateLimiter limiter,
    TimeProvider clock,
    IOptions<SchedulingOptions> options,
    ILogger<SchedulerEngine> logger)
{
    /// <summary>Pending deliveries read per pass; more are read on the next, immediate, pass.</summary>
    private const int BatchSize = 200;

    /// <returns>When to look again (null: nothing is planned).</returns>
    public async Task<DateTimeOffset?> RunPassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var schedule in await schedules.DueAsync(now, cancellationToken))
        {
            await planner.PlanAsync(schedule, now, cancellationToken);
        }

        var (heldUntil, more) = await DispatchAsync(now, cancellationToken);
        limiter.Prune(clock.GetUtcNow());

        var next = Min(await schedules.NextCheckAsync(cancellationToken), await deliveries.NextPendingAsync(now, cancellationToken));
        next = Min(next, heldUntil);
        return more ? now : next;
    }

    /// <returns>When the limiter lets held-back deliveries go; whether a full batch was read (more may wait).</returns>
    private async Task<(DateTimeOffset? HeldUntil, bool More)> DispatchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await deliveries.PendingAsync(now, BatchSize, cancellationToken);
        DateTimeOffset? heldUntil = null;
        var sends = new List<Task>();
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentSends);
        var sentAny = false;
        foreach (var delivery in due)
        {
            var appFree = limiter.AppEarliestAt(now);
            if (appFree > now)
            {
                // The app-wide limit holds everything else back: no need to look at each one.
                heldUntil = Min(heldUntil, appFree);
                break;
            }

            var person = await people.FindAsync(delivery.PersonKey, cancellationToken);
            if (await WhyNotAsync(delivery, person, now, cancellationToken) is { } reason)
            {
                await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Skipped, reason, now, cancellationToken);
                continue;
            }

            var conversation = $"{person!.Reference.ChannelId}/{person.Reference.Conversation?.Id}";
            var free = limiter.EarliestAt(conversation, now);
            if (free > now)
            {
                heldUntil = Min(heldUntil, free);
                continue;
            }

            if (!await deliveries.TryClaimAsync(delivery.Id, now, cancellationToken))
            {
                continue;
            }

            var slot = limiter.Reserve(conversation, now);
            sentAny = true;
            await slots.WaitAsync(cancellationToken);
            sends.Add(SendAsync(delivery, person, slot, slots, cancellationToken));
        }

        await Task.WhenAll(sends);
        return (heldUntil, due.Count == BatchSize && sentAny);
    }

    /// <summary>Checked again just before sending: things change between planning and sending.</summary>
    private async Task<string?> WhyNotAsync(Delivery delivery, Person? person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (person is null)
        {
            return "unknown-person";
        }

        if (delivery.Kind == DeliveryKind.LeadNote)
        {
            return null;
        }

        if ((await schedules.ExclusionsAsync(delivery.ScheduleId, cancellationToken)).Contains(delivery.PersonKey))
        {
            return "blocked";
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(delivery.TimeZone);
        if ((await settings.GetAsync(delivery.PersonKey, cancellationToken)).Blocks(now, TimeZoneInfo.ConvertTime(now, zone).DateTime) is { } blocked)
        {
            return blocked;
        }

        if (delivery.Kind == DeliveryKind.Reminder)
        {
            // At most one gentle reminder, and only for a prompt nobody answered: no button pressed and
            // the person has not written to the bot since it arrived.
            var prompt = await deliveries.FindByKeyAsync(delivery.ScheduleId, delivery.Occurrence, delivery.PersonKey, DeliveryKind.Prompt, cancellationToken);
            if (prompt?.SentAt is not { } sentAt || prompt.RespondedAt is not null || person.LastSeenAt > sentAt)
            {
                return "answered";
            }
        }

        return null;
    }

    private async Task SendAsync(Delivery delivery, Person person, SendRateLimiter.Slot slot, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var activity = delivery.Kind == DeliveryKind.LeadNote
                ? await LeadNoteAsync(delivery, cancellationToken)
                : messages.Prompt(delivery, person.ChannelId);
            var outcome = await sender.SendAsync(person.Reference, activity, cancellationToken);
            var now = clock.GetUtcNow();
            SendRateLimiter.Complete(slot, now);
            await RecordAsync(delivery, outcome, now, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task RecordAsync(Delivery delivery, SendOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        var o = options.Value;
        switch (outcome.Result)
        {
            case SendResult.Sent:
                await deliveries.MarkSentAsync(delivery.Id, now, cancellationToken);
                if (delivery.Kind == DeliveryKind.Prompt)
                {
                    await deliveries.TryAddAsync(
                        new NewDelivery(delivery.ScheduleId, delivery.Occurrence, delivery.PersonKey, DeliveryKind.Reminder, delivery.TimeZone, now + o.ReminderDelay),
                        now,
                        cancellationToken);
                }

                break;
            case SendResult.RateLimited when attempts < o.MaxAttempts * 4:
                var wait = outcome.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : Backoff(attempts);
                LogRetry(logger, delivery.Id, outcome.Reason, wait);
                await deliveries.ReleaseAsync(delivery.Id, now + wait, outcome.Reason, now, cancellationToken);
                break;
            case SendResult.Transient when attempts < o.MaxAttempts:
                var backoff = Backoff(attempts);
                LogRetry(logger, delivery.Id, outcome.Reason, backoff);
                await deliveries.ReleaseAsync(delivery.Id, now + backoff, outcome.Reason, now, cancellationToken);
                break;
            case SendResult.Forbidden:
                await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Failed, outcome.Reason, now, cancellationToken);
                if (delivery.Kind != DeliveryKind.LeadNote)
                {
                    await PauseForPersonAsync(delivery, now, cancellationToken);
                }

                break;
            case SendResult.Uncertain:
                LogUncertain(logger, delivery.Id, outcome.Reason);
                await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Uncertain, outcome.Reason, now, cancellationToken);
                break;
            default:
                LogGaveUp(logger, delivery.Id, outcome.Reason, attempts);
                await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Failed, outcome.Reason, now, cancellationToken);
                break;
        }
    }

    /// <summary>403: the person removed or blocked the bot. Stop prompting them here and tell the lead, once.</summary>
    private async Task PauseForPersonAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schedule = await schedules.FindAsync(delivery.ScheduleId, cancellationToken);
        if (schedule is null)
        {
            return;
        }

        await schedules.ExcludeAsync(schedule.Id, delivery.PersonKey, "403", now, cancellationToken);
        if (schedule.TargetKind == TargetKind.People && schedule.Target.All(k => k == delivery.PersonKey))
        {
            await schedules.SetPausedAsync(schedule.Id, paused: true, now, cancellationToken);
        }

        if (schedule.OwnerKey != delivery.PersonKey)
        {
            // The unique key (schedule, "blocked:person", lead, lead-note) makes "once" hold across retries and restarts.
            await deliveries.TryAddAsync(
                new NewDelivery(schedule.Id, "blocked:" + delivery.PersonKey, schedule.OwnerKey, DeliveryKind.LeadNote, delivery.TimeZone, now, Payload: delivery.PersonKey),
                now,
                cancellationToken);
        }
    }

    private async Task<Microsoft.Bot.Schema.IActivity> LeadNoteAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var about = delivery.Payload is { } key ? await people.FindAsync(key, cancellationToken) : null;
        var schedule = await schedules.FindAsync(delivery.ScheduleId, cancellationToken);
        return messages.LeadNote(about?.DisplayName ?? about?.UserId ?? "someone", schedule?.Description ?? string.Empty);
    }

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var delay = o.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < o.RetryMaxDelay ? delay : o.RetryMaxDelay;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} not posted ({Reason}); trying again in {Wait}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} may or may not have been posted ({Reason}); it is not resent")]
    private static partial void LogUncertain(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} failed ({Reason}) after {Attempts} attempt(s)")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string reason, int attempts);
}
