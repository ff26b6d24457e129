using System.Data.Common;
using System.Globalization;
using AttunementBot.Storage;

namespace AttunementBot.Scheduling;

public sealed class DeliveryStore(Database database, BotInstance instance) : IDeliveryStore
{
    /// <summary>Rows per INSERT (11 parameters each): well under either provider's limit on parameters per statement.</summary>
    private const int RowsPerInsert = 40;

    private const string Columns = "id, schedule_id, occurrence, person_key, kind, status, reason, time_zone, payload, not_before, attempts, sent_at, responded_at";

    public async Task<bool> TryAddAsync(NewDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await InsertAsync(connection, null, [delivery], now, instance.Id, cancellationToken) > 0;
    }

    public async Task<Delivery?> FindAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @a", cancellationToken, ("@a", id))).FirstOrDefault();

    public Task<IReadOnlyList<Delivery>> PendingAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken) =>
        QueryAsync("WHERE status = 'pending' AND not_before <= @a ORDER BY not_before, id LIMIT @b", cancellationToken, ("@a", Sql.Instant(dueBy)), ("@b", limit));

    public async Task<Delivery?> FindByKeyAsync(long scheduleId, string occurrence, string personKey, string kind, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "WHERE schedule_id = @a AND occurrence = @b AND person_key = @c AND kind = @d",
            cancellationToken,
            ("@a", scheduleId),
            ("@b", occurrence),
            ("@c", personKey),
            ("@d", kind))).FirstOrDefault();

    public async Task<DateTimeOffset?> NextPendingAsync(DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT MIN(not_before) FROM delivery WHERE status = 'pending' AND not_before > @after", ("@after", Sql.Instant(after)));
        return await query.ExecuteScalarAsync(cancellationToken) is string text ? Sql.ParseInstant(text) : null;
    }

    public Task<bool> TryClaimAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE delivery SET status = 'sending', owner = @me, attempts = attempts + 1, updated_at = @now WHERE id = @id AND status = 'pending'",
            cancellationToken,
            ("@id", id),
            ("@me", instance.Id),
            ("@now", Sql.Instant(now)));

    public Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE delivery SET status = 'sent', reason = NULL, sent_at = @now, updated_at = @now WHERE id = @id AND status = 'sending'",
            cancellationToken,
            ("@id", id),
            ("@now", Sql.Instant(now)));

    public Task ReleaseAsync(long id, DateTimeOffset notBefore, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE delivery SET status = 'pending', reason = @reason, not_before = @notBefore, updated_at = @now WHERE id = @id AND status = 'sending'",
            cancellationToken,
            ("@id", id),
            ("@reason", reason),
            ("@notBefore", Sql.Instant(notBefore)),
            ("@now", Sql.Instant(now)));

    public Task FinishAsync(long id, string status, string reason, DateTimeOffset now, CancellationToken cancellationToken, string? payload = null) =>
        ExecuteAsync(
            "UPDATE delivery SET status = @status, reason = @reason, payload = COALESCE(@payload, payload), updated_at = @now WHERE id = @id AND status IN ('sending', 'pending')",
            cancellationToken,
            ("@id", id),
            ("@status", status),
            ("@reason", reason),
            ("@payload", payload),
            ("@now", Sql.Instant(now)));

    public async Task<int> MarkInterruptedUncertainAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Sql.Command(
            connection,
            // Only what a stopped instance left: a live one's sends are its own (see BotInstance).
            $"UPDATE delivery SET status = 'uncertain', reason = 'interrupted', updated_at = @now WHERE status = 'sending' AND {BotInstance.OwnerIsGone("owner")}",
            ("@now", Sql.Instant(now)),
            ("@me", instance.Id),
            ("@alive", instance.AliveSince()));
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task MarkRespondedAsync(long scheduleId, string occurrence, string personKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            UPDATE delivery SET responded_at = COALESCE(responded_at, @now), updated_at = @now
            WHERE schedule_id = @schedule AND occurrence = @occurrence AND person_key = @person;
            UPDATE delivery SET status = 'skipped', reason = 'answered', updated_at = @now
            WHERE schedule_id = @schedule AND occurrence = @occurrence AND person_key = @person AND kind = 'reminder' AND status = 'pending';
            """,
            cancellationToken,
            ("@schedule", scheduleId),
            ("@occurrence", occurrence),
            ("@person", personKey),
            ("@now", Sql.Instant(now)));

    public async Task<int> SkipPendingAsync(string personKey, DateTimeOffset until, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Sql.Command(
            connection,
            """
            UPDATE delivery SET status = 'skipped', reason = @reason, updated_at = @now
            WHERE person_key = @person AND status = 'pending' AND kind <> 'lead-note' AND not_before < @until
            """,
            ("@person", personKey),
            ("@reason", reason),
            ("@until", Sql.Instant(until)),
            ("@now", Sql.Instant(now)));
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Delivery?> LatestSentAsync(string personKey, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "WHERE person_key = @a AND status = 'sent' AND kind IN ('prompt', 'reminder', 'snooze') ORDER BY sent_at DESC, id DESC LIMIT 1",
            cancellationToken,
            ("@a", personKey))).FirstOrDefault();

    public async Task<ScheduleRun?> LastRunAsync(long scheduleId, CancellationToken cancellationToken)
    {
        var latest = (await QueryAsync(
            "WHERE schedule_id = @a AND kind = 'prompt' AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1",
            cancellationToken,
            ("@a", scheduleId))).FirstOrDefault();
        if (latest?.SentAt is not { } sentAt)
        {
            return null;
        }

        var run = await RunAsync(scheduleId, RunKey.Of(latest.Occurrence, latest.TimeZone), cancellationToken);
        int Count(string status) => run.Count(d => d.Status == status);
        return new ScheduleRun(
            sentAt,
            [.. run.Where(d => d.Status == DeliveryStatus.Sent).Select(d => d.PersonKey)],
            Planned: run.Count(d => d.Status != DeliveryStatus.Missed && d.Reason != "blocked"),
            Skipped: run.Count(d => d.Status == DeliveryStatus.Skipped && d.Reason != "blocked"),
            Pending: Count(DeliveryStatus.Pending) + Count(DeliveryStatus.Sending),
            Uncertain: Count(DeliveryStatus.Uncertain),
            Failed: Count(DeliveryStatus.Failed));
    }

    public async Task<IReadOnlyList<Delivery>> RunAsync(long scheduleId, string runKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runKey);

        // The same local time falls within about 26 hours across the world's zones: read the prompts near it, keep the run's.
        var local = DateTime.ParseExact(runKey, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var around = new DateTimeOffset(local, TimeSpan.Zero);
        var prompts = await QueryAsync(
            "WHERE schedule_id = @a AND kind = 'prompt' AND occurrence >= @b AND occurrence <= @c ORDER BY id",
            cancellationToken,
            ("@a", scheduleId),
            ("@b", Sql.Instant(around.AddHours(-15))),
            ("@c", Sql.Instant(around.AddHours(15))));
        return [.. prompts.Where(d => RunKey.Of(d.Occurrence, d.TimeZone) == runKey)];
    }

    public Task<bool> PostponeAsync(long id, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE delivery SET not_before = @notBefore, updated_at = @now WHERE id = @id AND status = 'pending'",
            cancellationToken,
            ("@id", id),
            ("@notBefore", Sql.Instant(notBefore)),
            ("@now", Sql.Instant(now)));

    /// <summary>
    /// Writes deliveries (a key already there is left as it is), many rows to a statement: a group's plan is a few
    /// statements rather than one per person before anyone is sent anything.
    /// </summary>
    /// <param name="owner">This instance: a delivery written as 'sending' is its own to finish.</param>
    /// <returns>How many were new.</returns>
    internal static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyList<NewDelivery> deliveries, DateTimeOffset now, string owner, CancellationToken cancellationToken)
    {
        var inserted = 0;
        foreach (var chunk in deliveries.Chunk(RowsPerInsert))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var rows = new List<string>(chunk.Length);
            foreach (var delivery in chunk)
            {
                object?[] values =
                [
                    delivery.ScheduleId, delivery.Occurrence, delivery.PersonKey, delivery.Kind, delivery.Status, delivery.Reason, delivery.TimeZone, delivery.Payload,
                    Sql.Instant(delivery.NotBefore), Sql.Instant(now), owner,
                ];
                var names = new string[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    names[i] = string.Create(CultureInfo.InvariantCulture, $"@v{rows.Count}_{i}");
                    insert.AddParameter(names[i], values[i]);
                }

                rows.Add($"({string.Join(", ", names)})");
            }

            insert.CommandText = $"""
                INSERT INTO delivery (schedule_id, occurrence, person_key, kind, status, reason, time_zone, payload, not_before, updated_at, owner)
                VALUES {string.Join(", ", rows)}
                ON CONFLICT (schedule_id, occurrence, person_key, kind) DO NOTHING
                """;
            inserted += await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    private async Task<bool> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<Delivery>> QueryAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, $"SELECT {Columns} FROM delivery {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<Delivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new Delivery(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                Sql.NullableString(reader, 6),
                reader.GetString(7),
                Sql.NullableString(reader, 8),
                Sql.ParseInstant(reader.GetString(9)),
                reader.GetInt32(10),
                Sql.NullableInstant(reader, 11),
                Sql.NullableInstant(reader, 12)));
        }

        return deliveries;
    }
}
