namespace AttunementBot.Common;

/// <summary>
/// A background job that deletes what has outlived its retention, once a day from start-up. A failed
/// sweep (storage away for a while) is logged by exception type only and tried again the next day.
/// </summary>
public abstract partial class DailySweep(TimeProvider clock, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromDays(1);

    /// <summary>Names what is swept in the log lines ("reflection(s)", "audit event(s)").</summary>
    protected abstract string What { get; }

    protected abstract int RetentionDays { get; }

    /// <returns>How many records were deleted.</returns>
    protected abstract Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up must not wait for the first sweep.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await SweepAsync(clock.GetUtcNow() - TimeSpan.FromDays(RetentionDays), stoppingToken);
                if (removed > 0)
                {
                    LogSwept(logger, removed, What, RetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, What, ex.GetType().FullName ?? "unknown");
            }

            try
            {
                await Task.Delay(Every, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} {What} older than {Days} days")]
    private static partial void LogSwept(ILogger logger, int count, string what, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep of {What} failed with {ExceptionType}; it runs again tomorrow")]
    private static partial void LogFailed(ILogger logger, string what, string exceptionType);
}
