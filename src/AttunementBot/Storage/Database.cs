using System.Data.Common;

namespace AttunementBot.Storage;

/// <summary>
/// The bot's database, whichever provider runs it (Storage:Provider): SQLite, embedded and the default, or
/// PostgreSQL, shared by several instances. Everything outside Storage/ sees only this class, ADO.NET's
/// <see cref="DbConnection"/> and the <see cref="Dialect"/>.
/// </summary>
/// <remarks>
/// How a store uses it (one store class per feature, beside the feature):
/// <list type="bullet">
/// <item><c>await using var connection = await database.OpenAsync(ct);</c> then <c>Sql.Command(connection, "... @name ...", ("@name", value))</c>.
/// Write portable SQL: plain INSERT/UPDATE/DELETE/SELECT, <c>INSERT ... ON CONFLICT ... DO NOTHING/UPDATE</c>,
/// <c>RETURNING</c>, <c>lower()</c> rather than COLLATE NOCASE; parameters named <c>@name</c>; instants as
/// <see cref="Sql.Instant"/> text; flags as 0/1 integers.</item>
/// <item>Several statements that must be atomic: <c>await using var tx = await database.BeginWriteAsync(connection, ct)</c>
/// (SQLite takes the write lock at once; PostgreSQL a normal transaction) and set <c>command.Transaction</c>.</item>
/// <item>Where the dialects differ (JSON, row locks, compaction), ask <see cref="Dialect"/> for the fragment;
/// add a member there rather than branching on the provider in a store.</item>
/// <item>A schema change is a new file <c>Storage/Migrations/NNN-name.sql</c> in portable SQL; where PostgreSQL
/// needs other text (identity columns, BIGINT, triggers), add <c>NNN-name.postgres.sql</c> beside it, which
/// PostgreSQL runs instead. Both count as the one migration NNN-name; a released file is never edited.</item>
/// </list>
/// </remarks>
public abstract class Database : IDisposable
{
    private protected Database(SqlDialect dialect) => Dialect = dialect;

    public SqlDialect Dialect { get; }

    /// <summary>Where the data lives, for an operator's messages (a file path, or host and database; never a password).</summary>
    public abstract string Describe { get; }

    /// <summary>Opens a connection for one operation; dispose it promptly, and never hold it across a network call.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>How many turns may hold a connection of their own at once (a shared database), or null when turns hold none.</summary>
    public virtual int? TurnConnections => null;

    /// <summary>A connection for reads only: it need not wait for writers.</summary>
    public virtual Task<DbConnection> OpenForReadingAsync(CancellationToken cancellationToken = default) => OpenAsync(cancellationToken);

    /// <summary>A transaction for statements that read and then write: it holds the write lock from its first statement where the provider needs that.</summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Dialect.BeginWriteAsync(connection, cancellationToken);

    /// <summary>True when the database answers a trivial query; used by /readyz.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = Sql.Command(connection, "SELECT 1");
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (Exception ex) when (Sql.IsUnavailable(ex))
        {
            return false;
        }
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
