namespace AttunementBot.Scheduling;

/// <summary>
/// How the rest of the bot nudges the scheduler ("a schedule changed, look now"), and how it waits: on its
/// TimeProvider until the next thing is due, or until nudged. Tests read <see cref="NextWake"/> and
/// <see cref="WhenIdleAsync"/> to drive a fake clock exactly from one due moment to the next.
/// </summary>
public sealed class SchedulerSignal
{
    /// <summary>Even with nothing planned, look again daily (and Task.Delay cannot wait ~25 days or more).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSource();
    private TaskCompletionSource _idle = NewSource();
    private bool _pending;

    /// <summary>While idle: when the scheduler's timer fires next.</summary>
    internal DateTimeOffset? NextWake { get; private set; }

    public void Wake()
    {
        lock (_gate)
        {
            _pending = true;
            _wake.TrySetResult();
            if (_idle.Task.IsCompleted)
            {
                _idle = NewSource();
            }
        }
    }

    internal async Task WaitAsync(DateTimeOffset? next, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task wake;
        Task timer;
        lock (_gate)
        {
            var delay = next is { } at ? at - clock.GetUtcNow() : LongestWait;
            if (_pending || delay <= TimeSpan.Zero)
            {
                _pending = false;
                _wake = _wake.Task.IsCompleted ? NewSource() : _wake;
                return;
            }

            delay = delay < LongestWait ? delay : LongestWait;
            wake = _wake.Task;

            // The timer starts before anyone is told the scheduler is idle: a clock moved right after
            // that (a test's fake clock, or the real one) always finds the timer already counting.
            timer = Task.Delay(delay, clock, stop.Token);
            NextWake = clock.GetUtcNow() + delay;
            _idle.TrySetResult();
        }

        try
        {
            await Task.WhenAny(timer, wake).WaitAsync(cancellationToken);
            await stop.CancelAsync();
        }
        finally
        {
            lock (_gate)
            {
                _pending = false;
                NextWake = null;
                _wake = _wake.Task.IsCompleted ? NewSource() : _wake;
                _idle = _idle.Task.IsCompleted ? NewSource() : _idle;
            }
        }
    }

    /// <summary>Completes when the scheduler has finished its work and is waiting.</summary>
    internal Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    /// <summary>For a test about to move the clock to <see cref="NextWake"/>: the scheduler is no longer idle.</summary>
    internal void ExpectWork()
    {
        lock (_gate)
        {
            _idle = _idle.Task.IsCompleted ? NewSource() : _idle;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
