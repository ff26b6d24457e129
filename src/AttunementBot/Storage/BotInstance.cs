using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// This process among the bot's instances on one database: an id, and a heartbeat in bot_instance every
/// fifth of <see cref="StorageOptions.InstanceLease"/>. What an instance claims (a reply or a prompt being sent)
/// carries its id; others recover it only when that id has not been seen for a whole lease.
/// </summary>
/// <remarks>
/// Liveness is about real processes, so it runs on the system clock, never on a test's or a simulation's clock.
/// </remarks>
public sealed partial class BotInstance(Database database, IOptions<StorageOptions> options, ILogger<BotInstance> logger) : BackgroundService
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public TimeSpan Lease => options.Value.InstanceLease;

    /// <summary>
    /// A condition on <paramref name="ownerColumn"/>: the row's owner is gone (no owner, or not seen for a lease) and is
    /// not this instance. Bind <c>@me</c> to <see cref="Id"/> and <c>@alive</c> to <see cref="AliveSince"/>.
    /// </summary>
    public static string OwnerIsGone(string ownerColumn) =>
        $"({ownerColumn} IS NULL OR ({ownerColumn} <> @me AND {ownerColumn} NOT IN (SELECT id FROM bot_instance WHERE seen_at >= @alive)))";

    /// <summary>Instances seen since this instant are alive.</summary>
    /// <remarks>
    /// A SQLite file serves one instance: any other that left rows behind has stopped, so none counts as alive and
    /// what it left is recovered at once. On PostgreSQL others may be running: only a whole lease unseen counts.
    /// </remarks>
    public string AliveSince() => database.Dialect.Provider == StorageProvider.Postgres ? Sql.Instant(DateTimeOffset.UtcNow - Lease) : "9999";

    /// <summary>Whether others may run beside this instance, so what they left must be looked at again now and then.</summary>
    public bool Shared => database.Dialect.Provider == StorageProvider.Postgres;

    /// <summary>How many other instances were seen within a lease.</summary>
    public async Task<int> OthersAliveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(
            connection,
            "SELECT COUNT(*) FROM bot_instance WHERE id <> @me AND seen_at >= @alive",
            ("@me", Id),
            ("@alive", AliveSince()));
        return Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes this instance's heartbeat now (at start-up, before any recovery looks at others).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = Sql.Instant(DateTimeOffset.UtcNow);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var beat = Sql.Command(
            connection,
            """
            INSERT INTO bot_instance (id, started_at, seen_at) VALUES (@id, @now, @now)
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
            """,
            ("@id", Id),
            ("@now", now));
        await beat.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Lease / 5);
        var swept = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
                if (DateTimeOffset.UtcNow - swept > TimeSpan.FromHours(1))
                {
                    // Instances gone for a day are forgotten: the table stays as small as the fleet.
                    await using var connection = await database.OpenAsync(stoppingToken);
                    await using var forget = Sql.Command(connection, "DELETE FROM bot_instance WHERE seen_at < @cutoff", ("@cutoff", Sql.Instant(DateTimeOffset.UtcNow.AddDays(-1))));
                    await forget.ExecuteNonQueryAsync(stoppingToken);
                    swept = DateTimeOffset.UtcNow;
                }
            }
            catch (Exception ex) when (Sql.IsUnavailable(ex) && !stoppingToken.IsCancellationRequested)
            {
                // /readyz reports the database; the next beat tries again.
                LogBeatFailed(logger, ex.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Stopped on purpose: others need not wait a lease to take over what this instance leaves.
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var leave = Sql.Command(connection, "DELETE FROM bot_instance WHERE id = @id", ("@id", Id));
            await leave.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (Sql.IsUnavailable(ex) || ex is OperationCanceledException or ObjectDisposedException)
        {
            // Then the lease runs out instead.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record this instance's heartbeat ({ExceptionType}); retrying")]
    private static partial void LogBeatFailed(ILogger logger, string exceptionType);
}
