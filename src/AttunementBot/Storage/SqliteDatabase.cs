using System.Data.Common;
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
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly Lazy<Task> _initialised;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly AsyncLocal<Holder?> _holder = new();

    public SqliteDatabase(IOptions<StorageOptions> options)
        : base(SqlDialect.Sqlite)
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

    public override string Describe => FilePath;

    /// <inheritdoc/>
    public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
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

    private async Task<DbConnection> OpenNestedAsync(CancellationToken cancellationToken)
    {
        await _initialised.Value;
        return await OpenRawAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenInTurnAsync(Holder holder, CancellationToken cancellationToken)
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

    /// <summary>
    /// A connection for reads only, outside the writers' turn: in WAL mode readers never wait for a
    /// writer, so a turn's first look at its state does not queue behind other turns' commits.
    /// </summary>
    public override async Task<DbConnection> OpenForReadingAsync(CancellationToken cancellationToken = default)
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

        // An IMMEDIATE transaction already holds the whole file: two processes starting on it take turns.
        await MigrationRunner.ApplyAsync(connection, Dialect, _ => Task.CompletedTask, CancellationToken.None);
    }

    public override void Dispose()
    {
        _turn.Dispose();
        base.Dispose();
    }

    /// <summary>Whether the current flow holds the database's turn.</summary>
    private sealed class Holder
    {
        public bool Active { get; set; }
    }
}
