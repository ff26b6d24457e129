using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AttunementBot.Storage;

/// <summary>
/// PostgreSQL (Storage:Provider = Postgres): one database shared by every instance of the bot. Npgsql pools the
/// connections; PostgreSQL's own locks let writers run side by side, so unlike SQLite no turn waits here for another.
/// The schema is brought up to date on first use, by whichever instance gets there first.
/// </summary>
public sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _source;
    private readonly Lock _gate = new();
    private Task? _initialised;

    public PostgresDatabase(IOptions<StorageOptions> options)
        : base(SqlDialect.Postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        Describe = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        // Half the pool, after a few for the instance's own work (its heartbeat, the scheduler's lock and passes,
        // reply retries, /readyz): each turn may need a second connection while it holds the first.
        TurnConnections = Math.Max(1, (builder.MaxPoolSize - 8) / 2);
        _source = NpgsqlDataSource.Create(builder);
    }

    public override string Describe { get; }

    public override int? TurnConnections { get; }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await InitialisedAsync();
        return await _source.OpenConnectionAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _source.Dispose();
        base.Dispose();
    }

    // Not a Lazy: a database that was down at the first call is tried again at the next, not failed forever.
    private Task InitialisedAsync()
    {
        lock (_gate)
        {
            if (_initialised is null || _initialised.IsFaulted || _initialised.IsCanceled)
            {
                _initialised = InitialiseAsync();
            }

            return _initialised;
        }
    }

    private async Task InitialiseAsync()
    {
        await using var connection = await _source.OpenConnectionAsync();
        // Instances starting together take turns on one lock, so each migration is applied once.
        await MigrationRunner.ApplyAsync(connection, Dialect, transaction => Dialect.LockAsync(transaction, ["attunementbot:migrations"], CancellationToken.None), CancellationToken.None);
    }
}
