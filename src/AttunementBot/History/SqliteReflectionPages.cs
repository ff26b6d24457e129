using System.Text.Json;
using System.Text.Json.Serialization;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace AttunementBot.History;

/// <summary>
/// Pages through one clinician's completed reflections by keyset (completed_at, id) on the index of migration 040,
/// so a page reads only its own rows however long the history; and deletes one. Every query is scoped to the owner.
/// </summary>
public sealed class SqliteReflectionPages(SqliteDatabase database, IDataProtectionProvider protection)
{
    private const string Columns = "SELECT id, started_at, completed_at, answers FROM reflection";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ColumnProtector _answers = new(protection, SqliteReflectionHistory.Answers);

    /// <summary>Up to <paramref name="count"/> reflections completed before <paramref name="before"/> (all when null), newest first.</summary>
    public Task<IReadOnlyList<CompletedReflection>> OlderAsync(string ownerKey, HistoryCursor? before, int count, CancellationToken cancellationToken) =>
        before is null
            ? QueryAsync($"{Columns} WHERE owner_key = @owner ORDER BY completed_at DESC, id DESC LIMIT @count", ownerKey, null, count, cancellationToken)
            : QueryAsync($"{Columns} WHERE owner_key = @owner AND (completed_at, id) < (@at, @id) ORDER BY completed_at DESC, id DESC LIMIT @count", ownerKey, before, count, cancellationToken);

    /// <summary>Up to <paramref name="count"/> reflections completed after <paramref name="after"/>, nearest first.</summary>
    public Task<IReadOnlyList<CompletedReflection>> NewerAsync(string ownerKey, HistoryCursor after, int count, CancellationToken cancellationToken) =>
        QueryAsync($"{Columns} WHERE owner_key = @owner AND (completed_at, id) > (@at, @id) ORDER BY completed_at, id LIMIT @count", ownerKey, after, count, cancellationToken);

    /// <returns>Whether the owner had that reflection.</returns>
    public async Task<bool> DeleteAsync(string ownerKey, string reflectionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = Sql.Command(connection, "DELETE FROM reflection WHERE owner_key = @owner AND id = @id", ("@owner", ownerKey), ("@id", reflectionId));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<CompletedReflection>> QueryAsync(string sql, string ownerKey, HistoryCursor? cursor, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, sql, ("@owner", ownerKey), ("@count", count));
        if (cursor is not null)
        {
            query.Parameters.AddWithValue("@at", Sql.Instant(cursor.CompletedAt));
            query.Parameters.AddWithValue("@id", cursor.Id);
        }

        var page = new List<CompletedReflection>(count);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(Read(reader));
        }

        return page;
    }

    private CompletedReflection Read(SqliteDataReader row)
    {
        var answers = JsonSerializer.Deserialize<ReflectionAnswers>(_answers.Unprotect(row.GetString(3)), Json);
        return new(row.GetString(0), Sql.ParseInstant(row.GetString(1)), Sql.ParseInstant(row.GetString(2)), answers ?? new ReflectionAnswers());
    }
}
