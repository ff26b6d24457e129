using System.Data.Common;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Bot.Builder;

namespace AttunementBot.Storage;

/// <summary>
/// Bot Builder's <see cref="IStorage"/> on the embedded SQLite database, so conversation and user
/// state survive a restart. Inside an inbound turn it works on the turn's <see cref="TurnStateBuffer"/>:
/// reads come from what the turn read, writes wait for the turn's commit, which refuses any document
/// changed since (the turn is then decided again). Outside a turn it follows the IStorage contract: a
/// write of an <see cref="IStoreItem"/> whose ETag is not "*" succeeds only if it matches the stored
/// ETag; anything else overwrites.
/// </summary>
public sealed class BotStateStorage(Database database, TimeProvider clock, IDataProtectionProvider protection) : IStorage
{
    /// <summary>State holds reflections in progress and share drafts: encrypted at rest.</summary>
    public static readonly ProtectedColumn Data = new("bot_state", "data", "key");

    private readonly ColumnProtector _data = new(protection, Data);

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>(keys.Length);
        if (keys.Length == 0)
        {
            return result;
        }

        var turn = TurnStateBuffer.Current;
        var fromDatabase = new List<string>(keys.Length);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (turn?.Covers(key) != true)
            {
                fromDatabase.Add(key);
            }
            else if (turn.Read(key) is { } data && StateJson.Deserialize(data) is { } value)
            {
                result[key] = value;
            }
        }

        if (fromDatabase.Count == 0)
        {
            return result;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var key in fromDatabase)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, data FROM bot_state WHERE key = @key";
            command.AddParameter("@key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = await reader.ReadAsync(cancellationToken) ? new StateRow(reader.GetString(0), _data.Unprotect(reader.GetString(1))) : null;
            turn?.Adopt(key, row);
            if (row is null)
            {
                continue;
            }

            var value = StateJson.Deserialize(row.Data);
            if (value is IStoreItem item)
            {
                item.ETag = row.ETag;
            }

            if (value is not null)
            {
                result[key] = value;
            }
        }

        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        if (TurnStateBuffer.Current is { } turn)
        {
            foreach (var (key, value) in changes)
            {
                ArgumentNullException.ThrowIfNull(value, $"changes[{key}]");
                turn.Write(key, StateJson.Serialize(value));
            }

            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        // Check-and-write per key, atomic on PostgreSQL too (SQLite's IMMEDIATE transaction already holds the file).
        await database.Dialect.LockAsync(transaction, changes.Keys.Select(k => "state:" + k), cancellationToken);
        foreach (var (key, value) in changes)
        {
            ArgumentNullException.ThrowIfNull(value, $"changes[{key}]");
            if (value is IStoreItem { ETag: not null and not "*" } item)
            {
                var stored = await ReadETagAsync(connection, transaction, key, cancellationToken);
                if (stored is not null && stored != item.ETag)
                {
                    throw new StorageConcurrencyException(key);
                }
            }

            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO bot_state (key, etag, data, updated_at) VALUES (@key, @etag, @data, @now)
                ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at
                """;
            var etag = Guid.NewGuid().ToString("N");
            upsert.AddParameter("@key", key);
            upsert.AddParameter("@etag", etag);
            upsert.AddParameter("@data", _data.Protect(StateJson.Serialize(value)));
            upsert.AddParameter("@now", Sql.Instant(clock.GetUtcNow()));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            if (value is IStoreItem written)
            {
                written.ETag = etag;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (TurnStateBuffer.Current is { } turn)
        {
            foreach (var key in keys)
            {
                turn.Delete(key);
            }

            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        foreach (var key in keys)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM bot_state WHERE key = @key";
            delete.AddParameter("@key", key);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<string?> ReadETagAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM bot_state WHERE key = @key";
        command.AddParameter("@key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}

/// <summary>A write carried an ETag that no longer matches: someone else wrote first.</summary>
public sealed class StorageConcurrencyException(string key)
    : Exception($"The stored item '{key}' was changed by another writer; read it again and retry.")
{
    public string Key { get; } = key;
}
