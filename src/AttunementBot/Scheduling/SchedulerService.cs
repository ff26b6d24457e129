using AttunementBot.Storage;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>
/// The scheduler's loop: on start, settle what a crash left half-done; then pass after pass, waiting on the
/// TimeProvider (or a nudge) in between. Everything durable is in the stores, so a restart loses nothing.
/// With several instances on one database only the leader runs passes (so the app-wide rate limit holds for
/// them all); the others ask every few seconds and take over when the leader is gone. The leader also looks
/// again every few seconds, so a schedule changed through another instance is seen promptly.
/// </summary>
public sealed partial class SchedulerService(
    SchedulerEngine engine,
    IDeliveryStore deliveries,
    SchedulerSignal signal,
    Leadership leadership,
    BotInstance instance,
    TimeProvider clock,
    IOptions<SchedulingOptions> options,
    ILogger<SchedulerService> logger) : BackgroundService
{
    /// <summary>After an unexpected failure, look again this much later rather than spin.</summary>
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(30);

    /// <summary>How often a follower asks to lead, and the leader looks for changes made through other instances (real time).</summary>
    private static readonly TimeSpan SharedPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a new leader waits before its first send: the longest short window of Teams' limits (the app's 30 a
    /// second, a conversation's 7 a second and 8 in 2 s), so what the old leader sent last has left them.
    /// </summary>
    private static readonly TimeSpan TakeOverPause = TimeSpan.FromSeconds(2);

    /// <summary>Set when an instance stopped being seen: what it was sending is now this leader's to settle.</summary>
    private int _othersLeft;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Start-up must not wait for the first pass.
        await Task.Yield();
        if (instance.Shared)
        {
            _ = LookForOthersChangesAsync(stoppingToken);
        }

        try
        {
            var settled = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next;
                try
                {
                    if (!await leadership.LeadsAsync("scheduler", stoppingToken))
                    {
                        // Another instance sends; what it leaves when it stops is settled by whoever leads next.
                        settled = false;
                        await Task.Delay(SharedPoll, stoppingToken);
                        continue;
                    }

                    if (!settled && instance.Shared && await instance.OthersAliveAsync(stoppingToken) > 0)
                    {
                        // Taking the lead while another instance was seen: it may have sent in its last moments, which
                        // count against Teams' per-second limits this instance's own counts start without.
                        await Task.Delay(TakeOverPause, stoppingToken);
                    }

                    // A leader killed mid-send is still "seen" for a lease after this instance takes over, so its sends
                    // are settled again once it drops out of sight, not only on taking the lead.
                    if (!settled || Interlocked.Exchange(ref _othersLeft, 0) == 1)
                    {
                        // A delivery left 'sending' may have reached the person before the crash: record it, never resend.
                        var interrupted = await deliveries.MarkInterruptedUncertainAsync(clock.GetUtcNow(), stoppingToken);
                        if (interrupted > 0)
                        {
                            LogInterrupted(logger, interrupted);
                        }

                        settled = true;
                    }

                    next = await engine.RunPassAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage may be unreachable for a while (/readyz says so); the bot keeps running and looks again.
                    LogPassFailed(logger, ex.GetType().FullName ?? "unknown", ex.StackTrace ?? string.Empty);
                    next = clock.GetUtcNow() + FailurePause;
                }

                await signal.WaitAsync(next, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// While other instances run, a schedule may change through any of them: look again every few seconds. When one
    /// drops out of sight (killed: its lease ran out), look once more so whoever leads settles what it left.
    /// </summary>
    private async Task LookForOthersChangesAsync(CancellationToken stoppingToken)
    {
        var seen = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SharedPoll, stoppingToken);
                var alive = await instance.OthersAliveAsync(stoppingToken);
                if (alive < seen)
                {
                    Interlocked.Exchange(ref _othersLeft, 1);
                }

                seen = alive;
                if (alive > 0 || Volatile.Read(ref _othersLeft) == 1)
                {
                    signal.Wake();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (Sql.IsUnavailable(ex))
            {
                // The pass itself reports an unreachable database; this only looks again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} prompt(s) were being sent when the bot stopped; recorded as uncertain, not resent")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduler pass failed with {ExceptionType}\n{StackTrace}")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType, string stackTrace);
}
