using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AttunementBot.Storage;

/// <summary>
/// Moves an installation from SQLite to PostgreSQL: <c>copy-to-postgres --to "Host=...;Database=...;Username=..."</c>
/// copies every row of the configured SQLite database (Storage:DataFolder) into an empty PostgreSQL database, whose
/// schema it creates, in one transaction: all of it arrives, or none. Encrypted columns are copied as they are, so
/// the instances on PostgreSQL need the same key ring (DataProtection:KeysFolder).
/// </summary>
public sealed class CopyToPostgresCommand(IOptions<StorageOptions> options)
{
    public const string Mode = "copy-to-postgres";

    private const string Usage = "Usage: copy-to-postgres --to \"Host=...;Database=...;Username=...;Password=...\" (reads the SQLite database in Storage:DataFolder)";

    // What only describes running processes is not data to move.
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal) { "schema_migration", "bot_instance" };

    /// <returns>The process exit code: 0; 2 for arguments it cannot read; 1 when the copy could not be made (nothing is copied then).</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var at = args.ToList().IndexOf("--to");
        if (at < 0 || at + 1 >= args.Count || string.IsNullOrWhiteSpace(args[at + 1]))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var target = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = args[at + 1] };
        if (new StorageOptionsValidation().Validate(null, target) is { Failed: true } invalid)
        {
            await error.WriteLineAsync(invalid.FailureMessage.Replace("Storage:ConnectionString", "--to", StringComparison.Ordinal));
            return 2;
        }

        var source = new SqliteDatabase(options);
        if (!File.Exists(source.FilePath))
        {
            await error.WriteLineAsync($"There is no SQLite database at {source.FilePath}; set Storage:DataFolder to the installation's data folder.");
            return 1;
        }

        using (source)
        using (var destination = new PostgresDatabase(Options.Create(target)))
        {
            try
            {
                var copied = await CopyAsync(source, destination, error, cancellationToken);
                if (copied is null)
                {
                    return 1;
                }

                await output.WriteLineAsync($"Copied {copied.Values.Sum()} rows in {copied.Count} tables from {source.Describe} to {destination.Describe}:");
                foreach (var (table, rows) in copied)
                {
                    await output.WriteLineAsync($"  {table}: {rows}");
                }

                return 0;
            }
            catch (Exception ex) when (Sql.IsUnavailable(ex))
            {
                // The message names the server or the table, never a row's value.
                await error.WriteLineAsync($"Nothing was copied: {ex.Message}");
                return 1;
            }
        }
    }

    private static async Task<Dictionary<string, long>?> CopyAsync(SqliteDatabase source, PostgresDatabase destination, TextWriter error, CancellationToken cancellationToken)
    {
        await using var from = await source.OpenForReadingAsync(cancellationToken);
        var tables = new List<string>();
        // Creation order is migration order, so a table comes after the tables it refers to.
        await using (var list = Sql.Command(from, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!NotCopied.Contains(reader.GetString(0)))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        await using var to = await destination.OpenAsync(cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables)
        {
            await using var count = Sql.Command(to, $"SELECT EXISTS (SELECT 1 FROM \"{table}\"{(table == "audit_retention" ? " WHERE cutoff > '0000-01-01T00:00:00.0000000Z'" : "")})");
            count.Transaction = transaction;
            if (await count.ExecuteScalarAsync(cancellationToken) is true)
            {
                await error.WriteLineAsync($"Nothing was copied: the PostgreSQL database already has rows in {table}. Copy into a new, empty database.");
                return null;
            }
        }

        var copied = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            copied[table] = await CopyTableAsync(from, to, transaction, table, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task<long> CopyTableAsync(DbConnection from, DbConnection to, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var read = Sql.Command(from, $"SELECT * FROM \"{table}\"");
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select((_, i) => $"@p{i}"));

        // The one row the audit migration creates takes the installation's cutoff instead.
        var conflict = table == "audit_retention" ? "ON CONFLICT (id) DO UPDATE SET cutoff = excluded.cutoff" : "";
        await using var insert = Sql.Command(to, $"INSERT INTO \"{table}\" ({names}) VALUES ({values}) {conflict}");
        insert.Transaction = transaction;
        var parameters = columns.Select((_, i) => insert.AddParameter($"@p{i}", null)).ToArray();
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i);
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
            rows++;
        }

        if (columns.Contains("id") && rows > 0)
        {
            // Identity columns go on from the highest id copied, so new rows never collide with old ones.
            await using var next = Sql.Command(to, $"""
                SELECT setval(pg_get_serial_sequence('"{table}"', 'id'), (SELECT MAX(id) FROM "{table}"))
                WHERE pg_get_serial_sequence('"{table}"', 'id') IS NOT NULL
                """);
            next.Transaction = transaction;
            await next.ExecuteNonQueryAsync(cancellationToken);
        }

        return rows;
    }
}
