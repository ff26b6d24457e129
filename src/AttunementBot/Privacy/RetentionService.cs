using AttunementBot.Storage;
using Microsoft.Extensions.Options;

namespace AttunementBot.Privacy;

/// <summary>Once a day, deletes completed reflections older than the retention period.</summary>
public sealed partial class RetentionService(
    IReflectionHistory history,
    TimeProvider clock,
    IOptions<PrivacyOptions> options,
    ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up must not wait for the first sweep.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.ReflectionRetentionDays);
                var removed = await history.DeleteCompletedBeforeAsync(cutoff, stoppingToken);
                if (removed > 0)
                {
                    LogSwept(logger, removed, options.Value.ReflectionRetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage may be away for a while; the next sweep tries again.
                LogFailed(logger, ex.GetType().FullName ?? "unknown");
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} reflection(s) older than {Days} days")]
    private static partial void LogSwept(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention sweep failed with {ExceptionType}; it runs again tomorrow")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
