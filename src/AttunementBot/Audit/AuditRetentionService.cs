using Microsoft.Extensions.Options;

namespace AttunementBot.Audit;

/// <summary>Once a day, deletes audit events older than the audit retention period.</summary>
public sealed partial class AuditRetentionService(
    SqliteAuditLog log,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<AuditRetentionService> logger) : BackgroundService
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
                var removed = await log.DeleteBeforeAsync(clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays), stoppingToken);
                if (removed > 0)
                {
                    LogSwept(logger, removed, options.Value.RetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit event(s) older than {Days} days")]
    private static partial void LogSwept(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit retention sweep failed with {ExceptionType}; it runs again tomorrow")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
