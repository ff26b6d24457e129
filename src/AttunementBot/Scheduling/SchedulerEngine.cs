using System.Globalization;
using AttunementBot.Common;
using AttunementBot.People;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
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
    ISupervisionGroupMembers groups,
    OccurrencePlanner planner,
    IProactiveSender sender,
    IChatOpener opener,
    SchedulingMessages messages,
    IGroupDigest digests,
    SendRateLimiter limiter,
    TimeProvider clock,
    IOptions<SchedulingOptions> options,
    ILogger<SchedulerEngine> logger)
{
    /// <summary>Pending deliveries read per pass; more are read on the next, immediate, pass.</summary>
    private const int BatchSize = 200;

    /// <summary>A lead's note about who a run missed waits this long after the run's last local time, so retries can finish.</summary>
    private static readonly TimeSpan UnreachedNoteDelay = TimeSpan.FromMinutes(5);

    /// <summary>The occurrence of a lead's note about a run: this, then the run's local date and time.</summary>
    private const string UnreachedPrefix = "unreached:";

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

        var known = new Dictionary<string, (Person? Person, ClinicianSettings Settings)>(StringComparer.Ordinal);
        var exclusions = new Dictionary<long, IReadOnlySet<string>>();
        for (var index = 0; index < due.Count; index++)
        {
            var delivery = due[index];
            // The clock, not the pass's start: slots that free while this pass sends are used in it.
            var at = clock.GetUtcNow();
            var appFree = limiter.AppEarliestAt(at);
            if (appFree > at)
            {
                // The app-wide limit holds everything else back: no need to look at each one.
                heldUntil = Min(heldUntil, appFree);
                break;
            }

            if (!known.ContainsKey(delivery.PersonKey))
            {
                // The next second's worth in two queries, not two per delivery: the rate limit's slots free one by one, and
                // a slot waiting on queries is time lost. Read once something may go, so still "just before".
                var keys = due.Skip(index).Take(options.Value.AppPerSecond).Select(d => d.PersonKey).ToList();
                var found = await people.FindManyAsync(keys, cancellationToken);
                foreach (var (key, setting) in await settings.GetManyAsync(keys, cancellationToken))
                {
                    known[key] = (found.GetValueOrDefault(key), setting);
                }
            }

            var (person, clinician) = known[delivery.PersonKey];
            var teamChannel = person is null && delivery.Kind == DeliveryKind.Prompt ? await TeamChannelAsync(delivery, cancellationToken) : null;
            if (!exclusions.TryGetValue(delivery.ScheduleId, out var excluded))
            {
                excluded = await schedules.ExclusionsAsync(delivery.ScheduleId, cancellationToken);
                exclusions[delivery.ScheduleId] = excluded;
            }

            if (await WhyNotAsync(delivery, person, teamChannel is not null, excluded, clinician, now, cancellationToken) is { } reason)
            {
                // Nobody to send to is a prompt that did not reach someone: the lead hears of it.
                var unreached = reason == "unknown-person" && delivery.Kind == DeliveryKind.Prompt;
                await deliveries.FinishAsync(delivery.Id, unreached ? DeliveryStatus.Failed : DeliveryStatus.Skipped, reason, now, cancellationToken);
                if (unreached)
                {
                    await NoteUnreachedAsync(delivery, now, cancellationToken);
                }

                continue;
            }

            if (IsUnreachedNote(delivery) && await RunSettledAsync(delivery, now, cancellationToken) is false)
            {
                continue;
            }

            var conversation = person is null ? $"new/{delivery.PersonKey}" : $"{person.Reference.ChannelId}/{person.Reference.Conversation?.Id}";
            var free = limiter.EarliestAt(conversation, at);
            if (free > at)
            {
                heldUntil = Min(heldUntil, free);
                continue;
            }

            // A free sender before the claim: a crash leaves every claimed row uncertain, so claim only what is being sent.
            // Waiting for one takes time, in which answered sends have moved in the windows: look again.
            await slots.WaitAsync(cancellationToken);
            at = clock.GetUtcNow();
            free = limiter.EarliestAt(conversation, at);
            if (free > at || !await deliveries.TryClaimAsync(delivery.Id, now, cancellationToken))
            {
                slots.Release();
                heldUntil = free > at ? Min(heldUntil, free) : heldUntil;
                continue;
            }

            var slot = limiter.Reserve(conversation, at);
            sentAny = true;
            sends.Add(SendAsync(delivery, person, teamChannel, slot, slots, cancellationToken));
        }

        await Task.WhenAll(sends);
        return (heldUntil, due.Count == BatchSize && sentAny);
    }

    /// <summary>Checked again just before sending: things change between planning and sending.</summary>
    /// <param name="canOpenChat">The person never wrote to the bot, but is on a Teams team the bot can reach them through.</param>
    /// <param name="excluded">Who the delivery's schedule no longer prompts.</param>
    private async Task<string?> WhyNotAsync(
        Delivery delivery, Person? person, bool canOpenChat, IReadOnlySet<string> excluded, ClinicianSettings clinician, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (person is null && !canOpenChat)
        {
            return "unknown-person";
        }

        if (delivery.Kind == DeliveryKind.LeadNote)
        {
            return null;
        }

        if (excluded.Contains(delivery.PersonKey))
        {
            return "blocked";
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(delivery.TimeZone);
        if (clinician.Blocks(now, TimeZoneInfo.ConvertTime(now, zone).DateTime) is { } blocked)
        {
            return blocked;
        }

        if (delivery.Kind == DeliveryKind.Reminder)
        {
            // At most one gentle reminder, and only for a prompt nobody answered: no button pressed and
            // the person has not written to the bot since it arrived.
            var prompt = await deliveries.FindByKeyAsync(delivery.ScheduleId, delivery.Occurrence, delivery.PersonKey, DeliveryKind.Prompt, cancellationToken);
            if (prompt?.SentAt is not { } sentAt || prompt.RespondedAt is not null || person is null || person.LastSeenAt > sentAt)
            {
                return "answered";
            }
        }

        return null;
    }

    private async Task SendAsync(Delivery delivery, Person? person, ConversationReference? teamChannel, SendRateLimiter.Slot slot, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            if (person is null)
            {
                var userId = delivery.PersonKey[(delivery.PersonKey.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var opened = await opener.OpenAndSendAsync(teamChannel!, userId, messages.Prompt(delivery, teamChannel!.ChannelId), cancellationToken);
                SendRateLimiter.Complete(slot, clock.GetUtcNow());
                await RecordOpenedAsync(delivery, opened, clock.GetUtcNow(), cancellationToken);
                return;
            }

            var (reference, activity) = delivery.Kind switch
            {
                DeliveryKind.LeadNote => (person.Reference, await LeadNoteAsync(delivery, cancellationToken)),
                DeliveryKind.Digest => await DigestAsync(delivery, person, cancellationToken),
                _ => (person.Reference, messages.Prompt(delivery, person.ChannelId)),
            };
            var outcome = await sender.SendAsync(reference, activity, cancellationToken);
            var now = clock.GetUtcNow();
            SendRateLimiter.Complete(slot, now);
            await RecordAsync(delivery, outcome, now, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>A chat that could not be started is not the person blocking the bot: nothing is paused, the lead is told.</summary>
    private async Task RecordOpenedAsync(Delivery delivery, OpenOutcome opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (opened.Opened || opened.Outcome.Result is not (SendResult.Forbidden or SendResult.Rejected))
        {
            await RecordAsync(delivery, opened.Outcome, now, cancellationToken);
            return;
        }

        await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Failed, "open-" + opened.Outcome.Reason, now, cancellationToken, payload: opened.Name);
        await NoteUnreachedAsync(delivery, now, cancellationToken);
    }

    /// <summary>In Teams, the channel of the group a prompt is for: the way to a member who never wrote to the bot.</summary>
    private async Task<ConversationReference?> TeamChannelAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (!delivery.PersonKey.StartsWith(Channels.Msteams + ":", StringComparison.Ordinal)
            || await schedules.FindAsync(delivery.ScheduleId, cancellationToken) is not { TargetKind: TargetKind.Group } schedule)
        {
            return null;
        }

        var channel = await groups.ChannelAsync(schedule.Target[0], cancellationToken);
        return channel is { ChannelId: Channels.Msteams, ServiceUrl.Length: > 0 } ? channel : null;
    }

    /// <summary>
    /// Someone was not reached: the schedule's owner hears of it once per run, after the run's last local
    /// time (a group can span zones), in one note that names everyone the run missed.
    /// </summary>
    private async Task NoteUnreachedAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (delivery.Kind != DeliveryKind.Prompt || await schedules.FindAsync(delivery.ScheduleId, cancellationToken) is not { } schedule
            || schedule.OwnerKey == delivery.PersonKey)
        {
            return;
        }

        var run = RunKey.Of(delivery.Occurrence, delivery.TimeZone);
        if (await deliveries.FindByKeyAsync(schedule.Id, UnreachedPrefix + run, schedule.OwnerKey, DeliveryKind.LeadNote, cancellationToken) is not null)
        {
            return;
        }

        var ends = now;
        var local = DateTime.ParseExact(run, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var recipients = await planner.RecipientsAsync(schedule, cancellationToken);
        var known = await people.FindManyAsync(recipients, cancellationToken);
        foreach (var key in recipients)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(planner.ZoneOf(schedule, known.GetValueOrDefault(key)));
            if (!zone.IsInvalidTime(local) && new DateTimeOffset(local, zone.GetUtcOffset(local)) is var at && at > ends)
            {
                ends = at;
            }
        }

        await deliveries.TryAddAsync(
            new NewDelivery(schedule.Id, UnreachedPrefix + run, schedule.OwnerKey, DeliveryKind.LeadNote, delivery.TimeZone, ends + UnreachedNoteDelay, Payload: run),
            now,
            cancellationToken);
    }

    private static bool IsUnreachedNote(Delivery delivery) =>
        delivery.Kind == DeliveryKind.LeadNote && delivery.Occurrence.StartsWith(UnreachedPrefix, StringComparison.Ordinal);

    /// <returns>False when the run still has prompts on the way (the note waits), or no longer misses anyone (the note is dropped).</returns>
    private async Task<bool> RunSettledAsync(Delivery note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = await deliveries.RunAsync(note.ScheduleId, note.Payload ?? string.Empty, cancellationToken);
        if (run.Any(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Sending))
        {
            await deliveries.PostponeAsync(note.Id, now + UnreachedNoteDelay, now, cancellationToken);
            return false;
        }

        if (!run.Any(Unreached))
        {
            await deliveries.FinishAsync(note.Id, DeliveryStatus.Skipped, "all-reached", now, cancellationToken);
            return false;
        }

        return true;
    }

    /// <summary>Not reached in a run, and not already told apart (a 403 has its own note, and pauses the person).</summary>
    private static bool Unreached(Delivery prompt) =>
        prompt.Status is DeliveryStatus.Failed or DeliveryStatus.Uncertain && prompt.Reason != "403";

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
                await NoteUnreachedAsync(delivery, now, cancellationToken);
                break;
            default:
                LogGaveUp(logger, delivery.Id, outcome.Reason, attempts);
                await deliveries.FinishAsync(delivery.Id, DeliveryStatus.Failed, outcome.Reason, now, cancellationToken);
                await NoteUnreachedAsync(delivery, now, cancellationToken);
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

    private async Task<IActivity> LeadNoteAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var schedule = await schedules.FindAsync(delivery.ScheduleId, cancellationToken);
        var when = schedule?.Description ?? string.Empty;
        if (IsUnreachedNote(delivery))
        {
            var prompts = (await deliveries.RunAsync(delivery.ScheduleId, delivery.Payload ?? string.Empty, cancellationToken)).Where(Unreached).ToList();
            var known = await people.FindManyAsync(prompts.Select(p => p.PersonKey), cancellationToken);
            List<(Delivery Prompt, string? Name)> missed = [.. prompts.Select(p => (p, known.GetValueOrDefault(p.PersonKey)?.DisplayName ?? p.Payload))];

            return messages.UnreachedNote(when, delivery.Payload ?? string.Empty, missed);
        }

        var about = delivery.Payload is { } key ? await people.FindAsync(key, cancellationToken) : null;
        return messages.LeadNote(about?.DisplayName ?? about?.UserId, when);
    }

    /// <summary>A group's weekly digest, to the lead's own chat or the group's channel, as the lead chose.</summary>
    private async Task<(ConversationReference Reference, IActivity Activity)> DigestAsync(Delivery delivery, Person lead, CancellationToken cancellationToken)
    {
        var schedule = await schedules.FindAsync(delivery.ScheduleId, cancellationToken);
        var group = schedule?.Target[0] ?? string.Empty;
        var reference = schedule?.Target is [_, DigestPlace.Channel] && await groups.ChannelAsync(group, cancellationToken) is { } channel ? channel : lead.Reference;
        var card = await digests.ComposeAsync(group, await groups.PersonKeysAsync(group, cancellationToken), delivery.NotBefore, cancellationToken);
        return (reference, Cards.ChannelRenderer.ToActivity(card, reference.ChannelId));
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
