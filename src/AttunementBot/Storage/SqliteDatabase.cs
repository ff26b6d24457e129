using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// The embedded database: one file under the data folder, created with its schema on first use.
/// Connections are pooled by Microsoft.Data.Sqlite, so each operation opens its own.
/// </summary>
/// <remarks>
/// SQLite takes one writer at a time. When writers meet, Microsoft.Data.Sqlite waits by blocking a
/// thread (and retries after sleeping), so under load turns queue on sleeping threads. Instead, the
/// bot's own operations take turns here, waiting asynchronously: a connection is handed out only when
/// no other is in use, and given back when it is disposed. An operation that opens a second connection
/// while holding one (a store method calling another) is let through, so nesting cannot deadlock.
/// </remarks>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly Lazy<Task> _initialised;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly AsyncLocal<Holder?> _holder = new();

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        FilePath = Path.Combine(options.Value.ResolveDataFolder(), options.Value.SqliteFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,

            // Not ForeignKeys = true: Microsoft.Data.Sqlite would then run a PRAGMA on every pooled open.
            // It is set once per physical connection instead (PrepareAsync).

            // Microsoft.Data.Sqlite itself retries a busy database until this many seconds pass.
            DefaultTimeout = 30,
        }.ToString();
        _initialised = new Lazy<Task>(InitialiseAsync);
    }

    public string FilePath { get; }

    /// <summary>Opens a connection for one operation; dispose it promptly, and never hold it across a network call.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_holder.Value is { Active: true })
        {
            return OpenNestedAsync(cancellationToken);
        }

        // Set here, outside any async method, so the caller's flow (and what it calls) sees it.
        var holder = new Holder();
        _holder.Value = holder;
        return OpenInTurnAsync(holder, cancellationToken);
    }

    private async Task<SqliteConnection> OpenNestedAsync(CancellationToken cancellationToken)
    {
        await _initialised.Value;
        return await OpenRawAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenInTurnAsync(Holder holder, CancellationToken cancellationToken)
    {
        await _initialised.Value;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var connection = await OpenRawAsync(cancellationToken);
            holder.Active = true;
            connection.Disposed += (_, _) =>
            {
                if (holder.Active)
                {
                    holder.Active = false;
                    _turn.Release();
                }
            };
            return connection;
        }
        catch
        {
            _turn.Release();
            throw;
        }
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

    /// <summary>
    /// A connection for reads only, outside the writers' turn: in WAL mode readers never wait for a
    /// writer, so a turn's first look at its state does not queue behind other turns' commits.
    /// </summary>
    public async Task<SqliteConnection> OpenForReadingAsync(CancellationToken cancellationToken = default)
    {
        await _initialised.Value;
        return await OpenRawAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (StorageMetrics.Attach(connection.Handle!))
        {
            // Per physical connection, once: pooled re-opens keep it.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA foreign_keys = ON";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection;
    }

    private async Task InitialiseAsync()
    {
        FilePermissions.CreatePrivateFolder(Path.GetDirectoryName(FilePath)!);
        await using var connection = await OpenRawAsync(CancellationToken.None);
        await using (var wal = connection.CreateCommand())
        {
            // WAL lets readers proceed while one writer commits, and survives a hard stop.
            wal.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            await wal.ExecuteNonQueryAsync();
        }

        FilePermissions.RestrictDatabaseFiles(FilePath);

        // IMMEDIATE: two processes starting on one file apply each migration once.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var table = connection.CreateCommand())
        {
            table.Transaction = transaction;
            table.CommandText = "CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";
            await table.ExecuteNonQueryAsync();
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT name FROM schema_migration";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var (name, sql) in Migrations.Where(m => !applied.Contains(m.Name)))
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = sql + "\nINSERT INTO schema_migration (name, applied_at) VALUES ($name, $now);";
            migrate.Parameters.AddWithValue("$name", name);
            migrate.Parameters.AddWithValue("$now", Sql.Instant(DateTimeOffset.UtcNow));
            await migrate.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// The schema, as ordered SQL files in Storage/Migrations (embedded). Each feature adds its own
    /// numbered file; a file, once released, is never edited: a change is a new file.
    /// </summary>
    private static IReadOnlyList<(string Name, string Sql)> Migrations { get; } = LoadMigrations();

    private static List<(string Name, string Sql)> LoadMigrations()
    {
        const string prefix = "Storage/Migrations/";
        var assembly = typeof(SqliteDatabase).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n[prefix.Length..^4], reader.ReadToEnd());
            })];
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>Whether the current flow holds the database's turn.</summary>
    private sealed class Holder
    {
        public bool Active { get; set; }
    }
}
