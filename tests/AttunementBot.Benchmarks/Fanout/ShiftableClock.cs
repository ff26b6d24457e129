
namespace AttunementBot.Benchmarks.Fanout;

/// <summary>
/// Real time, set to start at a chosen moment, that can jump forward. Between jumps it runs exactly like
/// <see cref="TimeProvider.System"/> (real timers, real elapsed time), so everything that takes time (HTTP
/// latency, SQLite, the scheduler's own work) is counted in full. A jump is made only while the scheduler is
/// idle, waiting for a moment it asked for: the waiting is skipped, the work is not. Timers already running
/// are moved with the clock, so a wait that is skipped over fires at once.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<ShiftTimer> _timers = [];
    private long _offsetTicks;
    private long _skippedTicks;

    public ShiftableClock(DateTimeOffset start) => _offsetTicks = (start - System.GetUtcNow()).Ticks;

    /// <summary>All the time jumped over so far.</summary>
    public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _skippedTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ShiftTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>True when a timer is due between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public bool HasTimerDueBetween(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return _timers.Any(t => t.DueAt is { } due && due >= from && due <= to);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="target"/> (never back) and brings running timers with it.</summary>
    public void SkipTo(DateTimeOffset target)
    {
        ShiftTimer[] timers;
        lock (_gate)
        {
            var jump = target - GetUtcNow();
            if (jump <= TimeSpan.Zero)
            {
                return;
            }

            Interlocked.Add(ref _offsetTicks, jump.Ticks);
            Interlocked.Add(ref _skippedTicks, jump.Ticks);
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Reschedule();
        }
    }

    private void Forget(ShiftTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A real timer that fires at a moment of this clock's time, wherever the clock jumps.</summary>
    private sealed class ShiftTimer : ITimer
    {
        private readonly ShiftableClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private readonly Lock _gate = new();
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ShiftTimer(ShiftableClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _inner = TimeProvider.System.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                Arm();
            }

            return true;
        }

        public void Reschedule()
        {
            lock (_gate)
            {
                Arm();
            }
        }

        public void Dispose()
        {
            _clock.Forget(this);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm()
        {
            if (DueAt is { } due)
            {
                var remaining = due - _clock.GetUtcNow();
                _inner.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (_gate)
            {
                if (DueAt is not { } due)
                {
                    return;
                }

                if (due - _clock.GetUtcNow() > TimeSpan.FromMilliseconds(1))
                {
                    Arm(); // A real timer armed before a reschedule; not due yet.
                    return;
                }

                DueAt = _period > TimeSpan.Zero ? due + _period : null;
                Arm();
            }

            _callback(_state);
        }
    }
}
