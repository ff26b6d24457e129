namespace AttunementBot.Bot;

/// <summary>
/// Named locks that turns take before reading state: one per conversation and one per person, so two
/// messages in one conversation, or one person's messages in two conversations, are decided one after
/// the other instead of both on the same stale state. In-process, this only spares turns a retry: the
/// commit itself refuses a write over state that changed since it was read (see TurnStore).
/// </summary>
public sealed class TurnLocks
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Takes every named lock, always in the same order, so two turns can never wait on each other.</summary>
    public async Task<IDisposable> AcquireAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var held = new Held(this);
        try
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var gate = Enter(name);
                held.Add(name, gate);
                await gate.Semaphore.WaitAsync(cancellationToken);
                held.Acquired();
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private Gate Enter(string name)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(name, out var gate))
            {
                gate = new Gate();
                _gates[name] = gate;
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(string name, Gate gate, bool acquired)
    {
        if (acquired)
        {
            gate.Semaphore.Release();
        }

        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(name);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Turns holding or waiting for it; the gate is dropped when none is left.</summary>
        public int Users { get; set; }
    }

    private sealed class Held(TurnLocks locks) : IDisposable
    {
        private readonly List<(string Name, Gate Gate, bool Acquired)> _entered = [];

        public void Add(string name, Gate gate) => _entered.Add((name, gate, false));

        /// <summary>The lock added last is now held (not just waited for).</summary>
        public void Acquired() => _entered[^1] = _entered[^1] with { Acquired = true };

        public void Dispose()
        {
            for (var i = _entered.Count - 1; i >= 0; i--)
            {
                var (name, gate, acquired) = _entered[i];
                locks.Leave(name, gate, acquired);
            }

            _entered.Clear();
        }
    }
}
