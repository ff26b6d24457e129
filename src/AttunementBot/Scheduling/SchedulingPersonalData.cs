using System.Globalization;
using AttunementBot.Privacy;
using AttunementBot.Storage;
using Microsoft.Bot.Builder;

namespace AttunementBot.Scheduling;

/// <summary>
/// A person's schedules, the record of prompts sent to them, and their prompt settings, as personal
/// data. Schedules someone else made that include them stop reaching them.
/// </summary>
public sealed class SchedulingPersonalData(Database database, TimeProvider clock) : IPersonalData
{
    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
    [
        new("schedules", await CountAsync("SELECT COUNT(*) FROM schedule WHERE owner_key = @p", personKey, cancellationToken)),
        new("prompts", await CountAsync("SELECT COUNT(*) FROM delivery WHERE person_key = @p", personKey, cancellationToken)),
        new("settings", await CountAsync("SELECT COUNT(*) FROM clinician_settings WHERE person_key = @p", personKey, cancellationToken)),
    ];

    public async Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken) =>
    [
        await PersonalDataJson.RowsAsync(database, "schedules", "SELECT id, target_kind, target_label, description, time_zone, paused, created_at FROM schedule WHERE owner_key = @p ORDER BY id", personKey, cancellationToken),
        await PersonalDataJson.RowsAsync(database, "prompts", "SELECT schedule_id, kind, status, reason, time_zone, occurrence, sent_at, responded_at FROM delivery WHERE person_key = @p ORDER BY id", personKey, cancellationToken),
        await PersonalDataJson.RowsAsync(database, "settings", "SELECT working_days, away_from, away_until, skip_until, updated_at FROM clinician_settings WHERE person_key = @p", personKey, cancellationToken),
    ];

    public async Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        string[] statements =
        [
            // Others' schedules that name this person directly stop reaching them.
            $"""
            INSERT INTO schedule_exclusion (schedule_id, person_key, reason, at)
            SELECT id, @p, 'forgotten', @now FROM schedule
            WHERE owner_key <> @p AND target_kind = 'people' AND {database.Dialect.JsonArrayContains("schedule.target", "@p")}
            ON CONFLICT DO NOTHING
            """,
            "DELETE FROM schedule WHERE owner_key = @p",
            "DELETE FROM delivery WHERE person_key = @p",
            "DELETE FROM clinician_settings WHERE person_key = @p",
        ];
        foreach (var sql in statements)
        {
            await using var command = Sql.Command(connection, sql, ("@p", personKey), ("@now", Sql.Instant(clock.GetUtcNow())));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<int> CountAsync(string sql, string personKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sql, ("@p", personKey));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
