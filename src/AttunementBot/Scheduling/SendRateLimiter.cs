using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>A limit of <paramref name="Limit"/> messages in any window of <paramref name="Window"/>.</summary>
public sealed record RateWindow(int Limit, TimeSpan Window);

/// <summary>
/// Keeps the scheduler under the channel's limits: several sliding windows per conversation and one for
/// the whole app. Exact sliding logs rather than token buckets, because Teams counts messages in windows
/// and a bucket's burst could exceed "8 in 2 seconds". Time is whatever the caller says (the scheduler's
/// TimeProvider), so tests run hours of traffic in milliseconds.
/// </summary>
/// <remarks>
/// A send counts from the moment it is reserved until <see cref="Complete"/> moves it to when the channel
/// answered: the message reached the channel somewhere in between, and counting it at both ends keeps
/// every window honest whatever the network did. Not thread-safe: the scheduler's loop is its only user.
/// </remarks>
public sealed class SendRateLimiter
{
    private readonly IReadOnlyList<RateWindow> _perConversation;
    private readonly IReadOnlyList<RateWindow> _perApp;
    private readonly TimeSpan _conversationHorizon;
    private readonly TimeSpan _appHorizon;
    private readonly Dictionary<string, List<Slot>> _conversations = new(StringComparer.Ordinal);
    private readonly List<Slot> _app = [];

    public SendRateLimiter(IOptions<SchedulingOptions> options)
        : this(PerConversation(options.Value), [new RateWindow(options.Value.AppPerSecond, TimeSpan.FromSeconds(1))])
    {
    }

    public SendRateLimiter(IReadOnlyList<RateWindow> perConversation, IReadOnlyList<RateWindow> perApp)
    {
        _perConversation = perConversation;
        _perApp = perApp;
        _conversationHorizon = perConversation.Max(w => w.Window);
        _appHorizon = perApp.Max(w => w.Window);
    }

    public static IReadOnlyList<RateWindow> PerConversation(SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new(options.ConversationPerSecond, TimeSpan.FromSeconds(1)),
            new(options.ConversationPer2Seconds, TimeSpan.FromSeconds(2)),
            new(options.ConversationPer30Seconds, TimeSpan.FromSeconds(30)),
            new(options.ConversationPerHour, TimeSpan.FromHours(1)),
        ];
    }

    /// <summary>The earliest instant at or after <paramref name="now"/> when a message to this conversation may go.</summary>
    public DateTimeOffset EarliestAt(string conversation, DateTimeOffset now) =>
        Max(_conversations.TryGetValue(conversation, out var log) ? Earliest(log, _perConversation, now) : now, AppEarliestAt(now));

    /// <summary>The earliest instant the app-wide limit lets any message go.</summary>
    public DateTimeOffset AppEarliestAt(DateTimeOffset now) => Earliest(_app, _perApp, now);

    /// <summary>Counts a send starting now. Call only when <see cref="EarliestAt"/> said now.</summary>
    public Slot Reserve(string conversation, DateTimeOffset now)
    {
        var slot = new Slot(now);
        Log(conversation).Add(slot);
        _app.Add(slot);
        return slot;
    }

    /// <summary>The channel answered: the message counts until then.</summary>
    public static void Complete(Slot slot, DateTimeOffset answeredAt)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (answeredAt > slot.Until)
        {
            slot.Until = answeredAt;
        }
    }

    /// <summary>Forgets what no window can see any more, so memory stays bounded.</summary>
    public void Prune(DateTimeOffset now)
    {
        _app.RemoveAll(s => s.Until <= now - _appHorizon);
        var horizon = now - _conversationHorizon;
        foreach (var (key, log) in _conversations.ToList())
        {
            log.RemoveAll(s => s.Until <= horizon);
            if (log.Count == 0)
            {
                _conversations.Remove(key);
            }
        }
    }

    private List<Slot> Log(string conversation)
    {
        if (!_conversations.TryGetValue(conversation, out var log))
        {
            log = [];
            _conversations[conversation] = log;
        }

        return log;
    }

    /// <summary>
    /// For each window: if the last <c>Limit</c> sends all end within the window before now, the next may go
    /// once the oldest of them leaves it.
    /// </summary>
    private static DateTimeOffset Earliest(List<Slot> log, IReadOnlyList<RateWindow> windows, DateTimeOffset now)
    {
        var earliest = now;
        foreach (var window in windows)
        {
            var recent = log.Select(s => s.Until).Where(t => t > now - window.Window).Order().ToList();
            if (recent.Count >= window.Limit)
            {
                earliest = Max(earliest, recent[recent.Count - window.Limit] + window.Window);
            }
        }

        return earliest;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One send, as the windows see it.</summary>
    public sealed class Slot(DateTimeOffset start)
    {
        public DateTimeOffset Until { get; set; } = start;
    }
}
