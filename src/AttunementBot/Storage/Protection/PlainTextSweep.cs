using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;

namespace AttunementBot.Storage.Protection;

/// <summary>
/// At start-up, rewrites protected every row of a <see cref="ProtectedColumn"/> still in plain text (written
/// before protection began), then rebuilds the file and empties the WAL, so that neither the old rows nor
/// the free pages and WAL frames that held them are left readable. A database already protected costs one
/// scan per column and nothing more.
/// </summary>
/// <remarks>
/// Each row is one guarded UPDATE (it changes only if the row still holds the plain value read), so a
/// turn that writes the row meanwhile wins and the sweep never needs a transaction.
/// </remarks>
public sealed partial class PlainTextSweep(
    Database database,
    IDataProtectionProvider protection,
    IEnumerable<ProtectedColumn> columns,
    ILogger<PlainTextSweep> logger) : IHostedService
{
    private const int Batch = 200;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var rewritten = 0;
        try
        {
            foreach (var column in columns.Distinct())
            {
                var count = await ProtectAsync(new ColumnProtector(protection, column), cancellationToken);
                if (count > 0)
                {
                    LogProtected(logger, count, column);
                    rewritten += count;
                }
            }
        }
        catch (Exception ex) when (Sql.IsUnavailable(ex))
        {
            // Storage that cannot be used is /readyz's to report; the bot stays up, and the next start sweeps again.
            // Their messages name paths and error codes, never a row's value.
            LogSweepFailed(logger, ex.GetType().FullName ?? "unknown", ex.Message);
        }

        if (rewritten > 0)
        {
            await CompactAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> ProtectAsync(ColumnProtector protector, CancellationToken cancellationToken)
    {
        var (table, column, key) = (protector.Column.Table, protector.Column.Column, protector.Column.KeyColumn);
        var total = 0;
        object? after = null;
        while (true)
        {
            // In key order from where the last batch ended, so every row is looked at once. The first batch has no
            // bound at all: PostgreSQL cannot type a bare NULL parameter in "@after IS NULL".
            var plain = new List<(object Key, string Value)>();
            var from = after is null ? string.Empty : $"\"{key}\" > @after AND ";
            await using (var connection = await database.OpenAsync(cancellationToken))
            await using (var query = Sql.Command(
                connection,
                $"""
                SELECT "{key}", "{column}" FROM "{table}"
                WHERE {from}"{column}" IS NOT NULL AND substr("{column}", 1, {ColumnProtector.Marker.Length}) <> @marker
                ORDER BY "{key}" LIMIT {Batch}
                """,
                after is null ? [("@marker", ColumnProtector.Marker)] : [("@after", after), ("@marker", ColumnProtector.Marker)]))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    plain.Add((reader.GetValue(0), reader.GetString(1)));
                }
            }

            if (plain.Count == 0)
            {
                return total;
            }

            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                foreach (var (rowKey, value) in plain)
                {
                    await using var update = Sql.Command(
                        connection,
                        $"UPDATE \"{table}\" SET \"{column}\" = @protected WHERE \"{key}\" = @key AND \"{column}\" = @plain",
                        ("@protected", protector.Protect(value)), ("@key", rowKey), ("@plain", value));
                    total += await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            after = plain[^1].Key;
        }
    }

    /// <summary>
    /// Rewrites the tables so that no free page (SQLite: VACUUM, then the WAL cut to nothing) or dead row version
    /// (PostgreSQL: VACUUM FULL) keeps an old plain row readable.
    /// </summary>
    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var compact = Sql.Command(connection, database.Dialect.Compact([.. columns.Select(c => c.Table).Distinct()]));
            await compact.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            // Another process holding the file or tables: the rows are protected already; only old free pages wait.
            LogCompactFailed(logger, ex.ErrorCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} row(s) of {Column} written before encryption at rest")]
    private static partial void LogProtected(ILogger logger, int count, ProtectedColumn column);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not encrypt older rows at start-up ({ExceptionType}: {Reason}); they still read, and the next start tries again")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compact the database after encrypting older rows (database error {Code}); free pages may keep old text until they are reused. Stop other processes using the database and restart to try again")]
    private static partial void LogCompactFailed(ILogger logger, int code);
}
