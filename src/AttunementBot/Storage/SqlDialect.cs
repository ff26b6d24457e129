using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AttunementBot.Storage;

/// <summary>
/// The few places where SQLite and PostgreSQL need different SQL or different handling. Stores write portable
/// SQL and ask here for the rest, so each store exists once for both providers.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    public static readonly SqlDialect Postgres = new PostgresDialect();

    public abstract StorageProvider Provider { get; }

    /// <summary>The migration file suffix that overrides the portable one for this provider ("" for none).</summary>
    public abstract string MigrationSuffix { get; }

    /// <summary>Appended to a SELECT that reads rows about to be changed, so two writers cannot both read them.</summary>
    /// <remarks>SQLite needs nothing: its write transaction already holds the whole database.</remarks>
    public abstract string ForUpdate { get; }

    /// <summary>Like <see cref="ForUpdate"/>, but rows another writer holds are passed over instead of waited for.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>A JSON text column's string at a path of object members, as text.</summary>
    public abstract string JsonText(string column, params string[] path);

    /// <summary>A condition: the JSON array of strings in <paramref name="column"/> holds the value of <paramref name="parameter"/>.</summary>
    public abstract string JsonArrayContains(string column, string parameter);

    /// <summary>What rewrites the given tables so no free space keeps old row versions readable.</summary>
    public abstract string Compact(IReadOnlyCollection<string> tables);

    internal abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Serialises, until the transaction ends, everyone who locks any of the same keys on this database (other
    /// instances included). Keys are taken in sorted order, so two holders of overlapping sets cannot deadlock.
    /// </summary>
    internal abstract Task LockAsync(DbTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken);

    private sealed class SqliteDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Sqlite;

        public override string MigrationSuffix => "";

        public override string ForUpdate => "";

        public override string ForUpdateSkipLocked => "";

        public override string JsonText(string column, params string[] path) =>
            $"json_extract({column}, '$.{string.Join('.', path)}')";

        public override string JsonArrayContains(string column, string parameter) =>
            $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {parameter})";

        // VACUUM writes every page afresh; the TRUNCATE checkpoint moves the WAL into the file and cuts it to nothing.
        public override string Compact(IReadOnlyCollection<string> tables) => "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";

        internal override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            // IMMEDIATE: the write lock is taken at BEGIN, so a read-then-write cannot interleave with another writer.
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

        // One writer at a time already: an IMMEDIATE transaction holds the whole file.
        internal override Task LockAsync(DbTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Postgres;

        public override string MigrationSuffix => ".postgres";

        public override string ForUpdate => " FOR UPDATE";

        public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

        public override string JsonText(string column, params string[] path) =>
            $"(({column})::jsonb #>> '{{{string.Join(',', path)}}}')";

        public override string JsonArrayContains(string column, string parameter) =>
            $"(({column})::jsonb @> jsonb_build_array(({parameter})::text))";

        // VACUUM FULL rewrites each table, so no dead row version with old text is left in its pages.
        public override string Compact(IReadOnlyCollection<string> tables) =>
            $"VACUUM (FULL) {string.Join(", ", tables.Select(t => $"\"{t}\""))}";

        internal override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await connection.BeginTransactionAsync(cancellationToken);

        internal override async Task LockAsync(DbTransaction transaction, IEnumerable<string> keys, CancellationToken cancellationToken)
        {
            var sorted = keys.Select(Hash).Distinct().Order().ToArray();
            if (sorted.Length == 0)
            {
                return;
            }

            // One round trip: the array is unnested in order, each lock taken before the next.
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(@keys) AS k ORDER BY 1) AS sorted",
                (NpgsqlConnection)transaction.Connection!,
                (NpgsqlTransaction)transaction);
            command.Parameters.AddWithValue("keys", sorted);
            await command.ExecuteScalarAsync(cancellationToken);
        }

        // A stable 64-bit hash (FNV-1a over UTF-8): every instance maps a key to the same lock.
        private static long Hash(string key)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            return unchecked((long)hash);
        }
    }
}
