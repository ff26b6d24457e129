using System.Data.Common;
using System.Text.Json;
using AttunementBot.Storage;

namespace AttunementBot.Scheduling;

public sealed class ScheduleStore(Database database, BotInstance instance) : IScheduleStore
{
    private const string Columns = "id, owner_key, target_kind, target, target_label, cron, description, time_zone, paused, created_at, evaluated_until, next_check_at";

    public async Task<Schedule> AddAsync(ScheduleDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = Sql.Command(
            connection,
            $"""
            INSERT INTO schedule (owner_key, target_kind, target, target_label, cron, description, time_zone, paused, created_at, evaluated_until, next_check_at)
            VALUES (@owner, @kind, @target, @label, @cron, @description, @zone, 0, @now, @now, @now)
            RETURNING {Columns}
            """,
            ("@owner", draft.OwnerKey),
            ("@kind", draft.TargetKind.ToString()),
            ("@target", JsonSerializer.Serialize(draft.Target)),
            ("@label", draft.TargetLabel),
            ("@cron", draft.When.Cron),
            ("@description", draft.When.Description),
            ("@zone", draft.When.TimeZone),
            ("@now", Sql.Instant(now)));
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public Task<IReadOnlyList<Schedule>> ListAsync(string ownerKey, CancellationToken cancellationToken) =>
        QueryAsync("WHERE owner_key = @q ORDER BY id", ("@q", ownerKey), cancellationToken);

    public async Task<Schedule?> FindAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @q", ("@q", id), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<Schedule>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QueryAsync("WHERE paused = 0 AND next_check_at <= @q ORDER BY next_check_at", ("@q", Sql.Instant(now)), cancellationToken);

    public async Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT MIN(next_check_at) FROM schedule WHERE paused = 0");
        return await query.ExecuteScalarAsync(cancellationToken) is string text ? Sql.ParseInstant(text) : null;
    }

    public Task<bool> SetPausedAsync(long id, bool paused, DateTimeOffset now, CancellationToken cancellationToken) =>
        // Resuming starts afresh from now: runs that fell inside the pause are not sent late. It also
        // clears the people a 403 took off the schedule, so a lead can try again once they are back.
        ExecuteAsync(
            paused
                ? "UPDATE schedule SET paused = 1 WHERE id = @id"
                : "DELETE FROM schedule_exclusion WHERE schedule_id = @id; UPDATE schedule SET paused = 0, evaluated_until = @now, next_check_at = @now WHERE id = @id",
            cancellationToken,
            ("@id", id),
            ("@now", Sql.Instant(now)));

    public Task<bool> EditWhenAsync(long id, CronSpec timing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return ExecuteAsync(
            "UPDATE schedule SET cron = @cron, description = @description, time_zone = @zone, evaluated_until = @now, next_check_at = @now WHERE id = @id",
            cancellationToken,
            ("@id", id),
            ("@cron", timing.Cron),
            ("@description", timing.Description),
            ("@zone", timing.TimeZone),
            ("@now", Sql.Instant(now)));
    }

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM schedule WHERE id = @id", cancellationToken, ("@id", id));

    public async Task<bool> AdvanceAsync(long id, DateTimeOffset expectedEvaluatedUntil, DateTimeOffset evaluatedUntil, DateTimeOffset nextCheckAt, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        await using var connection = await database.OpenAsync(cancellationToken);
        // IMMEDIATE: take the write lock first, so the check-and-move below cannot interleave with another writer.
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using (var move = Sql.Command(
            connection,
            "UPDATE schedule SET evaluated_until = @until, next_check_at = @next WHERE id = @id AND evaluated_until = @expected",
            ("@id", id),
            ("@until", Sql.Instant(evaluatedUntil)),
            ("@next", Sql.Instant(nextCheckAt)),
            ("@expected", Sql.Instant(expectedEvaluatedUntil))))
        {
            move.Transaction = transaction;
            if (await move.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await DeliveryStore.InsertAsync(connection, transaction, deliveries, evaluatedUntil, instance.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task RecheckAllAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE schedule SET next_check_at = @now WHERE paused = 0 AND next_check_at > @now", cancellationToken, ("@now", Sql.Instant(now)));

    public async Task ExcludeAsync(long scheduleId, string personKey, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT INTO schedule_exclusion (schedule_id, person_key, reason, at) VALUES (@id, @person, @reason, @now) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("@id", scheduleId),
            ("@person", personKey),
            ("@reason", reason),
            ("@now", Sql.Instant(now)));

    public async Task<IReadOnlySet<string>> ExclusionsAsync(long scheduleId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT person_key FROM schedule_exclusion WHERE schedule_id = @id", ("@id", scheduleId));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private async Task<bool> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<Schedule>> QueryAsync(string where, (string, object?) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, $"SELECT {Columns} FROM schedule {where}", parameter);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var schedules = new List<Schedule>();
        while (await reader.ReadAsync(cancellationToken))
        {
            schedules.Add(Read(reader));
        }

        return schedules;
    }

    private static Schedule Read(DbDataReader reader)
    {
        var kind = Enum.Parse<TargetKind>(reader.GetString(2));
        var target = reader.GetString(3);
        return new Schedule(
            reader.GetInt64(0),
            reader.GetString(1),
            kind,
            JsonSerializer.Deserialize<string[]>(target) ?? [],
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            Sql.NullableString(reader, 7),
            reader.GetInt64(8) == 1,
            Sql.ParseInstant(reader.GetString(9)),
            Sql.ParseInstant(reader.GetString(10)),
            Sql.ParseInstant(reader.GetString(11)));
    }
}
