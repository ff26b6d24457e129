using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// The embedded database: one file under the data folder, created with its schema on first use.
/// Connections are pooled by Microsoft.Data.Sqlite, so each operation opens its own.
/// </summary>
public sealed class SqliteDatabase
{
    // Bump when the schema changes and add the step to Migrate.
    private const int SchemaVersion = 1;

    private readonly string _connectionString;
    private readonly Lazy<Task> _initialised;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        FilePath = Path.Combine(options.Value.ResolveDataFolder(), options.Value.SqliteFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _initialised = new Lazy<Task>(InitialiseAsync);
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await _initialised.Value;
        return await OpenRawAsync(cancellationToken);
    }

    /// <summary>True when the database answers a trivial query; used by /readyz.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // busy_timeout makes a writer wait for another writer instead of failing at once.
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task InitialiseAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using var connection = await OpenRawAsync(CancellationToken.None);
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets readers proceed while one writer commits, and survives a hard stop.
            wal.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            await wal.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        await using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database at {FilePath} was written by a newer version of AttunementBot (schema {current}, this build knows {SchemaVersion}). Run the newer version, or point Storage:DataFolder elsewhere.");
        }

        if (current < 1)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS bot_state (
                    key        TEXT PRIMARY KEY,
                    etag       TEXT NOT NULL,
                    data       TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS processed_activity (
                    channel_id      TEXT NOT NULL,
                    conversation_id TEXT NOT NULL,
                    activity_id     TEXT NOT NULL,
                    received_at     INTEGER NOT NULL,
                    PRIMARY KEY (channel_id, conversation_id, activity_id)
                );
                CREATE INDEX IF NOT EXISTS ix_processed_activity_received ON processed_activity (received_at);
                CREATE TABLE IF NOT EXISTS reflection (
                    id           TEXT PRIMARY KEY,
                    owner_key    TEXT NOT NULL,
                    started_at   TEXT NOT NULL,
                    completed_at TEXT NOT NULL,
                    answers      TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS ix_reflection_owner ON reflection (owner_key, completed_at DESC);
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using var setVersion = connection.CreateCommand();
        setVersion.Transaction = transaction;
        setVersion.CommandText = $"PRAGMA user_version = {SchemaVersion}";
        await setVersion.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
