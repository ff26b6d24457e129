using System.Data.Common;

namespace AttunementBot.Storage;

/// <summary>
/// The schema, as ordered SQL files in Storage/Migrations (embedded), applied once each, in name order, in one
/// transaction. <c>NNN-name.sql</c> is portable; <c>NNN-name.postgres.sql</c>, where present, is what PostgreSQL
/// runs instead. Both are the one migration "NNN-name" in schema_migration, so the two providers share one list.
/// A file, once released, is never edited: a change is a new file.
/// </summary>
internal static class MigrationRunner
{
    private const string Prefix = "Storage/Migrations/";

    /// <summary>Every migration's name and the text each dialect runs, in order.</summary>
    internal static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>
    /// Applies what is missing. <paramref name="serialise"/> runs first inside the transaction: it makes two
    /// processes starting on one database take turns, so each migration is applied once.
    /// </summary>
    public static async Task ApplyAsync(DbConnection connection, SqlDialect dialect, Func<DbTransaction, Task> serialise, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await serialise(transaction);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = Sql.Command(connection, "SELECT name FROM schema_migration"))
        {
            read.Transaction = transaction;
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var migration in All.Where(m => !applied.Contains(m.Name)))
        {
            await ExecuteAsync(connection, transaction, migration.For(dialect), cancellationToken);
            await using var record = Sql.Command(
                connection,
                "INSERT INTO schema_migration (name, applied_at) VALUES (@name, @now)",
                ("@name", migration.Name),
                ("@now", Sql.Instant(DateTimeOffset.UtcNow)));
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .ToDictionary(n => n[Prefix.Length..^4], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }, StringComparer.Ordinal);
        var overrides = files.Keys.Where(k => k.EndsWith(SqlDialect.Postgres.MigrationSuffix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        return [.. files
            .Where(f => !overrides.Contains(f.Key))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new Migration(
                f.Key,
                f.Value,
                files.TryGetValue(f.Key + SqlDialect.Postgres.MigrationSuffix, out var postgres) ? postgres : f.Value))];
    }

    internal sealed record Migration(string Name, string Portable, string Postgres)
    {
        public string For(SqlDialect dialect) => dialect.Provider == StorageProvider.Postgres ? Postgres : Portable;
    }
}
