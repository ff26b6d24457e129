using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;

namespace AttunementBot.Bot;

/// <summary>
/// Makes one inbound activity one storage transaction. The turn takes the conversation's and the person's
/// locks, reads whether the activity was handled before and the state it needs, lets the bot decide with its
/// sends held back, then commits the claim, the state and the replies together. Only then are the replies
/// delivered: in the HTTP response for expectReplies, otherwise through <see cref="ReplyDispatcher"/>, which
/// keeps trying while the channel fails. A re-delivered activity has no second effect; a turn that throws
/// saves nothing; a turn whose state changed underneath it (another instance) is decided again.
/// </summary>
public sealed partial class TurnTransactionMiddleware(
    TurnStore turns,
    TurnLocks locks,
    ReplyDispatcher dispatcher,
    IOptions<DeliveryOptions> options,
    ILogger<TurnTransactionMiddleware> logger) : IMiddleware
{
    private const int MaxDecisions = 3;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (!IsInbound(activity))
        {
            // The bot's own proactive turns (ContinueConversation) carry no inbound activity to claim.
            await next(cancellationToken);
            return;
        }

        var channel = activity.ChannelId;
        var conversation = activity.Conversation.Id;
        var key = new TurnKey(channel, conversation, string.IsNullOrEmpty(activity.Id) ? $"unnumbered:{Guid.NewGuid():N}" : activity.Id);
        string[] stateKeys = [$"{channel}/users/{activity.From.Id}", $"{channel}/conversations/{conversation}"];
        var expectReplies = activity.DeliveryMode == DeliveryModes.ExpectReplies;

        var sends = new HeldSends();
        turnContext.OnSendActivities(sends.HandleAsync);

        OutboxEntry? toDeliver = null;
        string[] serialise = [$"conversation:{channel}/{conversation}", $"person:{stateKeys[0]}"];
        using (await locks.AcquireAsync(serialise, cancellationToken))
        {
            for (var decision = 1; ; decision++)
            {
                await using var start = await turns.BeginAsync(key, stateKeys, serialise, cancellationToken);
                if (start.Handled)
                {
                    LogRepeat(logger, channel, key.ActivityId);
                    if (expectReplies && start.HandledReplies is { } earlier)
                    {
                        BufferForResponse(turnContext, JsonConvert.DeserializeObject<List<Activity>>(earlier, ReplyJson.Settings) ?? []);
                    }

                    return;
                }

                using var state = TurnStateBuffer.Open(stateKeys, start.State);
                TurnFacts.SetRepliesWereLost(turnContext, start.RepliesWereLost);
                sends.Hold();
                try
                {
                    await next(cancellationToken);
                }
                catch
                {
                    // Nothing of this turn is saved; the turn-error handler's apology goes straight out.
                    sends.Release();
                    throw;
                }

                var replies = sends.Held;
                var delivery = replies.Count == 0 ? ReplyDelivery.None : expectReplies ? ReplyDelivery.InResponse : ReplyDelivery.Channel;
                var reference = delivery == ReplyDelivery.Channel ? JsonConvert.SerializeObject(activity.GetConversationReference(), ReplyJson.Settings) : null;
                var repliesJson = replies.Count == 0 ? null : JsonConvert.SerializeObject(replies, ReplyJson.Settings);
                var (result, outboxId) = await turns.CommitAsync(
                    new TurnOutcome(key, state.Changes(), delivery, repliesJson, reference, SupersedeLostReplies: start.RepliesWereLost, state.Deferred),
                    start,
                    cancellationToken);

                if (result == CommitResult.AlreadyHandled)
                {
                    LogRepeat(logger, channel, key.ActivityId);
                    sends.Release();
                    return;
                }

                if (result == CommitResult.Conflict)
                {
                    LogConflict(logger, channel, decision);
                    if (decision >= MaxDecisions)
                    {
                        sends.Release();
                        throw new StorageConcurrencyException(stateKeys[0]);
                    }

                    ForgetLoadedState(turnContext);
                    continue;
                }

                state.Committed();
                sends.Release();
                if (delivery == ReplyDelivery.InResponse)
                {
                    BufferForResponse(turnContext, replies);
                }
                else if (delivery == ReplyDelivery.Channel)
                {
                    toDeliver = new OutboxEntry(outboxId, channel, conversation, repliesJson!, reference!, 0, 0, null);
                }

                break;
            }
        }

        if (toDeliver is not null)
        {
            // The locks are free again: the conversation's next turn may decide while this one's replies travel.
            var firstAttempt = dispatcher.EnqueueAsync(toDeliver);
            await Task.WhenAny(firstAttempt, Task.Delay(options.Value.ReplyWait, CancellationToken.None));
        }
    }

    private static bool IsInbound(Activity activity) =>
        activity.Type is not ActivityTypes.Event || activity.Name != ActivityEventNames.ContinueConversation
            ? activity.Conversation?.Id is { Length: > 0 } && activity.From?.Id is { Length: > 0 } && activity.ChannelId is { Length: > 0 }
            : false;

    private static void BufferForResponse(ITurnContext turnContext, IEnumerable<Activity> replies)
    {
        if (turnContext is TurnContext context)
        {
            context.BufferedReplyActivities.AddRange(CardSlots.ForResponse(replies));
        }
    }

    /// <summary>Bot Builder caches loaded state in the turn; a turn decided again must load it afresh.</summary>
    private static void ForgetLoadedState(ITurnContext turnContext)
    {
        turnContext.TurnState.Remove(nameof(UserState));
        turnContext.TurnState.Remove(nameof(ConversationState));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a repeated delivery of activity {ActivityId} on {ChannelId}")]
    private static partial void LogRepeat(ILogger logger, string channelId, string activityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "State on {ChannelId} changed while a turn was deciding; deciding again (attempt {Decision})")]
    private static partial void LogConflict(ILogger logger, string channelId, int decision);

    /// <summary>
    /// Holds the turn's message sends until the commit. What the channel itself needs within the request (the
    /// invoke response) and what is sent after the turn gave up (the apology) go straight through.
    /// </summary>
    private sealed class HeldSends
    {
        private bool _holding;

        public List<Activity> Held { get; } = [];

        public void Hold()
        {
            Held.Clear();
            _holding = true;
        }

        public void Release() => _holding = false;

        public Task<ResourceResponse[]> HandleAsync(ITurnContext turnContext, List<Activity> activities, Func<Task<ResourceResponse[]>> next)
        {
            if (!_holding || activities.Exists(a => a.Type is ActivityTypesEx.InvokeResponse or ActivityTypes.Trace or ActivityTypes.Delay))
            {
                return next();
            }

            Held.AddRange(activities);
            return Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
        }
    }
}

/// <summary>What the turn tells the bot about its own delivery.</summary>
public static class TurnFacts
{
    private const string LostKey = "AttunementBot.RepliesWereLost";

    /// <summary>
    /// An earlier reply in this conversation never reached the person. Said to one turn only: once that turn
    /// commits, the lost replies are behind them.
    /// </summary>
    public static bool RepliesWereLost(ITurnContext turnContext) => turnContext?.TurnState.Get<object>(LostKey) is true;

    internal static void SetRepliesWereLost(ITurnContext turnContext, bool lost) => turnContext.TurnState.Set<object>(LostKey, lost);
}
