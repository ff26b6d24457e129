using System.Data.Common;

namespace AttunementBot.Storage;

/// <summary>
/// One instance at a time does a given job (the scheduler's sending, so the app-wide rate limit holds across
/// instances). On PostgreSQL the leader holds a session advisory lock on a connection of its own: if its process
/// dies, the server drops the connection and the lock with it, and the next instance to ask takes over. On SQLite
/// there is one instance, always the leader.
/// </summary>
public sealed class Leadership(Database database) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, DbConnection> _held = new(StringComparer.Ordinal);

    /// <summary>Whether this instance leads <paramref name="job"/> now: keeps leading if it did, else tries to take over.</summary>
    public async Task<bool> LeadsAsync(string job, CancellationToken cancellationToken)
    {
        if (database.Dialect.Provider != StorageProvider.Postgres)
        {
            return true;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_held.TryGetValue(job, out var held))
            {
                try
                {
                    await using var alive = Sql.Command(held, "SELECT 1");
                    await alive.ExecuteScalarAsync(cancellationToken);
                    return true;
                }
                catch (Exception ex) when (Sql.IsUnavailable(ex))
                {
                    // The connection broke, and the lock went with it: someone else may lead by now.
                    _held.Remove(job);
                    await held.DisposeAsync();
                }
            }

            var connection = await database.OpenAsync(cancellationToken);
            try
            {
                await using var take = Sql.Command(connection, "SELECT pg_try_advisory_lock(@key)", ("@key", Key(job)));
                if (await take.ExecuteScalarAsync(cancellationToken) is true)
                {
                    _held[job] = connection;
                    return true;
                }
            }
            catch (Exception ex) when (Sql.IsUnavailable(ex))
            {
                // Not reachable: not the leader; asked again later.
            }

            await connection.DisposeAsync();
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _held.Values)
        {
            try
            {
                // Released before the connection goes back to the pool, so the next user of it does not lead by accident.
                await using var release = Sql.Command(connection, "SELECT pg_advisory_unlock_all()");
                await release.ExecuteNonQueryAsync();
            }
            catch (Exception ex) when (Sql.IsUnavailable(ex))
            {
                // A broken connection held nothing any more.
            }

            await connection.DisposeAsync();
        }

        _held.Clear();
        _gate.Dispose();
    }

    private static long Key(string job) => BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("attunementbot:lead:" + job)));
}
