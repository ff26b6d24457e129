using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// The embedded database: one file under the data folder, created with its schema on first use.
/// Connections are pooled by Microsoft.Data.Sqlite, so each operation opens its own.
/// </summary>
public sealed class SqliteDatabase
{
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
}
