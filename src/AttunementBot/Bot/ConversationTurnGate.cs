using System.Collections.Concurrent;
using Microsoft.Bot.Builder;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;

namespace AttunementBot.Bot;

/// <summary>
/// Runs one turn at a time per conversation in this process. Bot state is read at the start of a
/// turn and written at the end, so two messages handled at once would let the later write erase
/// the earlier answer. Different conversations still run in parallel.
/// </summary>
public sealed class ConversationTurnGate : IMiddleware
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var key = $"{turnContext.Activity.ChannelId}/{turnContext.Activity.Conversation?.Id}";
        var gate = Acquire(key);
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
            try
            {
                await next(cancellationToken);
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        finally
        {
            Release(key, gate);
        }
    }

    private Gate Acquire(string key)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(key, static _ => new Gate());
            lock (gate)
            {
                // A gate being removed has Users == -1; take a fresh one.
                if (gate.Users >= 0)
                {
                    gate.Users++;
                    return gate;
                }
            }
        }
    }

    private void Release(string key, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users == 0)
            {
                gate.Users = -1;
                _gates.TryRemove(new KeyValuePair<string, Gate>(key, gate));
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
