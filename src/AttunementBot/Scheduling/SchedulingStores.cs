namespace AttunementBot.Scheduling;

/// <summary>Schedules, durable. SQLite now; the PostgreSQL store implements the same contract.</summary>
public interface IScheduleStore
{
    Task<Schedule> AddAsync(ScheduleDraft draft, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The owner's schedules, oldest first: list numbers are positions in this list.</summary>
    Task<IReadOnlyList<Schedule>> ListAsync(string ownerKey, CancellationToken cancellationToken);

    Task<Schedule?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Active schedules the scheduler should look at by <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Schedule>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the next active schedule wants looking at, or null when none does.</summary>
    Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken);

    Task<bool> SetPausedAsync(long id, bool paused, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> EditWhenAsync(long id, CronSpec timing, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Records the planned occurrences (as deliveries) and moves the schedule on, in one transaction; only if
    /// nobody else moved it since <paramref name="expectedEvaluatedUntil"/> (so two instances never plan twice).
    /// </summary>
    Task<bool> AdvanceAsync(long id, DateTimeOffset expectedEvaluatedUntil, DateTimeOffset evaluatedUntil, DateTimeOffset nextCheckAt, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Makes every active schedule be looked at now (after a time-zone or settings change).</summary>
    Task RecheckAllAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task ExcludeAsync(long scheduleId, string personKey, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlySet<string>> ExclusionsAsync(long scheduleId, CancellationToken cancellationToken);
}

/// <summary>Deliveries: the idempotency records and the outbox the scheduler sends from.</summary>
public interface IDeliveryStore
{
    /// <returns>True when it was new (false: the same key already exists, nothing changed).</returns>
    Task<bool> TryAddAsync(NewDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Delivery?> FindAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Delivery>> PendingAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest pending delivery due after <paramref name="after"/>.</summary>
    Task<DateTimeOffset?> NextPendingAsync(DateTimeOffset after, CancellationToken cancellationToken);

    Task<Delivery?> FindByKeyAsync(long scheduleId, string occurrence, string personKey, string kind, CancellationToken cancellationToken);

    /// <summary>pending → sending, committed before the channel is called. False when someone else has it.</summary>
    Task<bool> TryClaimAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>sending → pending again: the channel said, for certain, that it did not post (429, 5xx).</summary>
    Task ReleaseAsync(long id, DateTimeOffset notBefore, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <param name="payload">Kept with the record when given (the name of someone a chat could not be opened with).</param>
    Task FinishAsync(long id, string status, string reason, DateTimeOffset now, CancellationToken cancellationToken, string? payload = null);

    /// <summary>After a crash: whatever was 'sending' may or may not have been posted. Never resend it.</summary>
    Task<int> MarkInterruptedUncertainAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The person answered a prompt (a button): its reminder is no longer wanted.</summary>
    Task MarkRespondedAsync(long scheduleId, string occurrence, string personKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Skips this person's pending prompts, reminders and snoozes due before <paramref name="until"/>.</summary>
    Task<int> SkipPendingAsync(string personKey, DateTimeOffset until, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The latest prompt, reminder or snoozed prompt sent to the person (for a typed "snooze").</summary>
    Task<Delivery?> LatestSentAsync(string personKey, CancellationToken cancellationToken);

    Task<ScheduleRun?> LastRunAsync(long scheduleId, CancellationToken cancellationToken);

    /// <summary>The prompts of one run (<see cref="RunKey"/>), whatever became of them.</summary>
    Task<IReadOnlyList<Delivery>> RunAsync(long scheduleId, string runKey, CancellationToken cancellationToken);

    /// <summary>A pending delivery waits longer (a note that waits for the rest of its run).</summary>
    Task<bool> PostponeAsync(long id, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken);
}

public interface IClinicianSettingsStore
{
    Task<ClinicianSettings> GetAsync(string personKey, CancellationToken cancellationToken);

    /// <summary>Each key's settings (<see cref="ClinicianSettings.None"/> where there are none), in a few queries rather than one each.</summary>
    Task<IReadOnlyDictionary<string, ClinicianSettings>> GetManyAsync(IEnumerable<string> personKeys, CancellationToken cancellationToken);

    Task SaveAsync(ClinicianSettings settings, DateTimeOffset now, CancellationToken cancellationToken);
}
