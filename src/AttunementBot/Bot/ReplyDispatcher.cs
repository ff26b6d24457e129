using System.Collections.Concurrent;
using System.Data.Common;
using AttunementBot.Common;
using AttunementBot.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace AttunementBot.Bot;

/// <summary>
/// Delivers committed replies to the channel: at once, then again in the background while the channel fails
/// (honouring Retry-After on 429, doubling waits after a 5xx or a time-out, a bounded number of times). One
/// conversation's replies go out in the order their turns committed: a later turn's wait behind an earlier
/// one's retry. Delivery is recorded in batches, so it adds no commit to a turn; a reply that cannot be
/// delivered is recorded as such, and the person's next message shows them where they are.
/// </summary>
public sealed partial class ReplyDispatcher(
    TurnStore turns,
    BotInstance instance,
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    LiveCards live,
    ILogger<ReplyDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, ConversationQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<long> _delivered = new();
    private readonly DeliveryOptions _options = options.Value;
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Queues one turn's replies behind the conversation's earlier ones.</summary>
    /// <returns>Completes when the first attempt is over, delivered or not.</returns>
    public Task EnqueueAsync(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = new Item(entry);
        var key = $"{entry.ChannelId}/{entry.ConversationId}";
        while (true)
        {
            var queue = _queues.GetOrAdd(key, static _ => new ConversationQueue());
            lock (queue)
            {
                // A queue that has run dry is being removed; take a fresh one.
                if (queue.Retired)
                {
                    continue;
                }

                queue.Items.Enqueue(item);
                if (!queue.Running)
                {
                    queue.Running = true;
                    _ = Task.Run(() => DrainAsync(key, queue));
                }
            }

            return item.FirstAttempt.Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await RecoverAsync(stoppingToken);
        if (instance.Shared)
        {
            _ = AdoptNowAndThenAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushDeliveredAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is delivered is recorded below.
        }

        await FlushDeliveredAsync(CancellationToken.None);
    }

    /// <summary>Picks up replies an earlier run left undelivered, once the database can be reached.</summary>
    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var entry in await turns.RecoverAsync(stoppingToken))
                {
                    _ = EnqueueAsync(entry);
                }

                return;
            }
            catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
            {
                // /readyz reports the database; delivery starts as soon as it answers.
                LogRecordFailed(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }

    /// <summary>
    /// With other instances on the database: what one of them was sending when it died is taken over once its
    /// lease runs out (on the system clock: leases are about real processes).
    /// </summary>
    private async Task AdoptNowAndThenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(instance.Lease / 3, stoppingToken);
                await RecoverAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // This loop is the only thing that takes over a dead instance's replies: a surprise must not end it.
                LogAdoptionFailed(logger, ex.GetType().FullName ?? "unknown");
            }
        }
    }

    private async Task FlushDeliveredAsync(CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        while (ids.Count < 500 && _delivered.TryDequeue(out var id))
        {
            ids.Add(id);
        }

        try
        {
            await turns.MarkDeliveredAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            // Still delivered; recorded on the next tick.
            ids.ForEach(_delivered.Enqueue);
            LogRecordFailed(logger, ex.GetType().Name);
        }
    }

    private async Task DrainAsync(string key, ConversationQueue queue)
    {
        while (true)
        {
            Item? item;
            lock (queue)
            {
                if (!queue.Items.TryDequeue(out item))
                {
                    queue.Running = false;
                    queue.Retired = true;
                    _queues.TryRemove(new KeyValuePair<string, ConversationQueue>(key, queue));
                    return;
                }
            }

            try
            {
                await DeliverAsync(item);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug here must not stop the conversation's later replies; the entry stays as recorded.
                LogDeliveryBug(logger, ex.GetType().FullName ?? "unknown", item.Entry.Id);
            }
            finally
            {
                item.FirstAttempt.TrySetResult();
            }
        }
    }

    private async Task DeliverAsync(Item item)
    {
        var entry = item.Entry;
        var activities = JsonConvert.DeserializeObject<List<Activity>>(entry.Replies, ReplyJson.Settings) ?? [];
        var reference = JsonConvert.DeserializeObject<ConversationReference>(entry.Reference, ReplyJson.Settings)!;
        var delivered = entry.Delivered;
        var attempts = entry.Attempts;
        if (entry.NotBefore is { } notBefore && notBefore > clock.GetUtcNow())
        {
            item.FirstAttempt.TrySetResult();
            await Task.Delay(notBefore - clock.GetUtcNow(), clock, _stopping);
        }

        while (delivered < activities.Count)
        {
            attempts++;
            var adapter = services.GetRequiredService<AttunementAdapter>();
            var (sent, outcome) = await ChannelSends.SendAsync(adapter, configuration["MicrosoftAppId"] ?? string.Empty, reference, activities[delivered..], clock, _stopping, live);
            delivered += sent;
            if (outcome.Result == SendResult.Sent)
            {
                break;
            }

            var retryable = outcome.Result is SendResult.RateLimited or SendResult.Transient or SendResult.Uncertain;
            if (activities.Skip(delivered).All(CardSlots.OnlyChangesACard)
                && (outcome.Result != SendResult.RateLimited || attempts >= _options.MaxAttempts))
            {
                // Every message is through; what is left only tidies a card the person has already answered. Not
                // worth retries that would hold the conversation's next question behind a hung channel, nor a "didn't
                // reach you" on their next message. A rate limit is still waited out (below), so the channel's
                // Retry-After holds for what this conversation sends next.
                LogRecapLeft(logger, entry.ChannelId, entry.Id, outcome.Reason);
                break;
            }

            if (!retryable || attempts >= _options.MaxAttempts)
            {
                LogUndeliverable(logger, entry.ChannelId, entry.Id, outcome.Reason, attempts);
                await turns.MarkFailedAsync(entry.Id, delivered, attempts, outcome.Reason, CancellationToken.None);
                item.FirstAttempt.TrySetResult();
                return;
            }

            var wait = outcome.Result == SendResult.RateLimited
                ? Clamp(outcome.RetryAfter ?? _options.RetryBaseDelay)
                : Clamp(_options.RetryBaseDelay * Math.Pow(2, attempts - 1) * (0.8 + (0.4 * Random.Shared.NextDouble())));
            LogRetrying(logger, entry.ChannelId, entry.Id, outcome.Reason, wait.TotalSeconds);
            await turns.RetryLaterAsync(entry.Id, delivered, attempts, clock.GetUtcNow() + wait, outcome.Reason, CancellationToken.None);

            // Released only once the retry is recorded: should this instance die from here on, the reply is plainly
            // waiting, and another instance takes it over, instead of a send in flight that must never be repeated.
            item.FirstAttempt.TrySetResult();
            await Task.Delay(wait, clock, _stopping);
        }

        _delivered.Enqueue(entry.Id);
    }

    private TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.RetryMaxDelay ? _options.RetryMaxDelay : wait;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replies {EntryId} on {ChannelId} not delivered yet ({Reason}); trying again in {Seconds:F1} s")]
    private static partial void LogRetrying(ILogger logger, string channelId, long entryId, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replies {EntryId} on {ChannelId} could not be delivered ({Reason}) after {Attempts} attempts; the person's next message shows where they are")]
    private static partial void LogUndeliverable(ILogger logger, string channelId, long entryId, string reason, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replies {EntryId} on {ChannelId} delivered; an update of an earlier card was left ({Reason})")]
    private static partial void LogRecapLeft(ILogger logger, string channelId, long entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the outbox: {ExceptionType}")]
    private static partial void LogRecordFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Taking over replies other instances left failed with {ExceptionType}; trying again")]
    private static partial void LogAdoptionFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering replies {EntryId} failed with {ExceptionType}")]
    private static partial void LogDeliveryBug(ILogger logger, string exceptionType, long entryId);

    private sealed class Item(OutboxEntry entry)
    {
        public OutboxEntry Entry { get; } = entry;

        public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ConversationQueue
    {
        public Queue<Item> Items { get; } = new();

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }
}

/// <summary>How replies and references are kept in the outbox: the Bot Framework's own JSON shape.</summary>
public static class ReplyJson
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        MaxDepth = 64,
    };
}
