using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;

namespace AttunementBot.Reflection;

public sealed class ReflectionHistory(Database database, IDataProtectionProvider protection) : IReflectionHistory
{
    /// <summary>The answers, free text and all, are encrypted at rest; ids, owner and times are not.</summary>
    public static readonly ProtectedColumn Answers = new("reflection", "answers", "id");

    private readonly ColumnProtector _answers = new(protection, Answers);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <remarks>
    /// Inside a turn, the row is written in the turn's own commit: the summary and its place in history are kept
    /// together or not at all, with no commit of their own.
    /// </remarks>
    public async Task SaveAsync(string ownerKey, CompletedReflection reflection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reflection);
        var answers = _answers.Protect(JsonSerializer.Serialize(reflection.Answers, Json));
        async Task InsertAsync(DbConnection connection, DbTransaction? transaction, CancellationToken token)
        {
            await using var insert = Sql.Command(connection, """
                INSERT INTO reflection (id, owner_key, started_at, completed_at, answers)
                VALUES (@id, @owner, @started, @completed, @answers)
                ON CONFLICT (id) DO NOTHING
                """,
                ("@id", reflection.Id), ("@owner", ownerKey), ("@started", Sql.Instant(reflection.StartedAt)),
                ("@completed", Sql.Instant(reflection.CompletedAt)), ("@answers", answers));
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(token);
        }

        if (TurnStateBuffer.Current is { } turn)
        {
            turn.Defer(InsertAsync);
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, cancellationToken);
    }

    public Task<IReadOnlyList<CompletedReflection>> RecentAsync(string ownerKey, int count, CancellationToken cancellationToken) =>
        QueryAsync("WHERE owner_key = @owner ORDER BY completed_at DESC, id LIMIT @count", ownerKey, ("@count", count), cancellationToken);

    public async Task<CompletedReflection?> FindAsync(string ownerKey, string reflectionId, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("WHERE owner_key = @owner AND id = @id", ownerKey, ("@id", reflectionId), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<CompletedReflection>> QueryAsync(string where, string ownerKey, (string Name, object Value) parameter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT id, started_at, completed_at, answers FROM reflection {where}";
        query.AddParameter("@owner", ownerKey);
        query.AddParameter(parameter.Name, parameter.Value);
        var result = new List<CompletedReflection>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new CompletedReflection(
                reader.GetString(0),
                Sql.ParseInstant(reader.GetString(1)),
                Sql.ParseInstant(reader.GetString(2)),
                JsonSerializer.Deserialize<ReflectionAnswers>(_answers.Unprotect(reader.GetString(3)), Json) ?? new ReflectionAnswers()));
        }

        return result;
    }

    public async Task<int> CountAsync(string ownerKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = Sql.Command(connection, "SELECT COUNT(*) FROM reflection WHERE owner_key = @owner", ("@owner", ownerKey));
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> DeleteCompletedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = Sql.Command(connection, "DELETE FROM reflection WHERE completed_at < @cutoff", ("@cutoff", Sql.Instant(cutoff)));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteAllAsync(string ownerKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM reflection WHERE owner_key = @owner";
        delete.AddParameter("@owner", ownerKey);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
