using AttunementBot.Common.Audit;
using AttunementBot.Storage;

namespace AttunementBot.Audit;

/// <summary>
/// The audit trail in the bot's database. It only inserts and reads; the one deletion is retention's, and the
/// table's triggers refuse any other change (030-audit.sql).
/// </summary>
public sealed class AuditLog(Database database, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(
            connection,
            "INSERT INTO audit_event (at, action, outcome, actor, subject, group_id) VALUES (@at, @action, @outcome, @actor, @subject, @group)",
            ("@at", Sql.Instant(clock.GetUtcNow())),
            ("@action", auditEvent.Action),
            ("@outcome", auditEvent.Refused ? "refused" : "done"),
            ("@actor", auditEvent.Actor),
            ("@subject", auditEvent.Subject),
            ("@group", auditEvent.GroupId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Events from <paramref name="since"/> (inclusive) to <paramref name="until"/> (exclusive), oldest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(DateTimeOffset since, DateTimeOffset? until, string? groupId, int? newest, CancellationToken cancellationToken)
    {
        // Newest first when a count is asked for (a lead's last few), then put back in time order.
        // No LIMIT at all for everything: a negative one means "none" to SQLite but is refused by PostgreSQL.
        var select = $"""
            SELECT id, at, action, outcome, actor, subject, group_id FROM audit_event
            WHERE at >= @since AND (CAST(@until AS TEXT) IS NULL OR at < @until) AND (CAST(@group AS TEXT) IS NULL OR group_id = @group)
            ORDER BY id DESC{(newest is null ? "" : " LIMIT @limit")}
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(
            connection,
            select,
            ("@since", Sql.Instant(since)),
            ("@until", until is { } end ? Sql.Instant(end) : null),
            ("@group", groupId));
        if (newest is { } limit)
        {
            command.AddParameter("@limit", limit);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(
                reader.GetInt64(0),
                Sql.ParseInstant(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3) == "refused",
                reader.GetString(4),
                Sql.NullableString(reader, 5),
                Sql.NullableString(reader, 6)));
        }

        records.Reverse();
        return records;
    }

    /// <summary>Moves the retention mark forward and deletes what lies behind it, in one statement batch.</summary>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        const string sweep = """
            UPDATE audit_retention SET cutoff = CASE WHEN cutoff > @cutoff THEN cutoff ELSE @cutoff END WHERE id = 1;
            DELETE FROM audit_event WHERE at < (SELECT cutoff FROM audit_retention WHERE id = 1);
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sweep, ("@cutoff", Sql.Instant(cutoff)));
        return await command.ExecuteNonQueryAsync(cancellationToken) - 1;
    }
}
