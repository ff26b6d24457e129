using AttunementBot.Common;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// Posts activities into a stored conversation through the bot's own adapter (<c>ContinueConversationAsync</c>),
/// so they take the same authenticated connector client and HTTP pipeline as any reply. The Bot Connector client
/// does not retry a POST itself (the host's resilience handler has retries off for unsafe methods); a failure is
/// classified, never thrown.
/// </summary>
public static class ChannelSends
{
    /// <param name="live">Where marked replies (<see cref="CardSlots"/>) find and leave the ids of the cards they replace.</param>
    /// <returns>How many activities reached the channel, in order, and what stopped the rest (or Sent).</returns>
    public static async Task<(int Sent, SendOutcome Outcome)> SendAsync(
        CloudAdapter adapter, string botAppId, ConversationReference reference, IReadOnlyList<IActivity> activities, TimeProvider clock, CancellationToken cancellationToken, LiveCards? live = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(clock);
        var sent = 0;
        Exception? failure = null;
        try
        {
            // The continuation carries the id of the activity the replies answer, so each reply's replyToId names
            // it (not a fresh id of the continuation's own): Web Chat holds a reply back until it has the message
            // it answers, and threads it under that message.
            var continuation = reference.GetContinuationActivity();
            continuation.Id = reference.ActivityId ?? continuation.Id;
            // The adapter's turn-error handler would swallow an exception thrown inside the callback, so it is
            // caught here and classified instead.
            await adapter.ContinueConversationAsync(
                botAppId,
                continuation,
                async (turn, token) =>
                {
                    try
                    {
                        foreach (var activity in activities)
                        {
                            var (mark, outgoing) = CardSlots.Read(activity);
                            if (mark is null || live is null)
                            {
                                await turn.SendActivityAsync(outgoing, token);
                            }
                            else
                            {
                                await SendMarkedAsync(turn, reference, mark, outgoing, live, clock, token);
                            }

                            sent++;
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        failure = ex;
                    }
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure ??= ex;
        }

        return (sent, failure is null ? SendOutcome.Sent : SendOutcome.Classify(failure, clock.GetUtcNow()));
    }

    private static async Task SendMarkedAsync(ITurnContext turn, ConversationReference reference, SlotMark mark, IActivity outgoing, LiveCards live, TimeProvider clock, CancellationToken token)
    {
        var channel = reference.ChannelId;
        var conversation = reference.Conversation.Id;
        var replaced = mark.Slot is null ? null : mark.LeftBehind ? SlotMark.LeftOf(mark.Slot) : mark.Slot;
        var target = mark.Update ? outgoing.Id : mark.Replace && replaced is not null ? live.Get(channel, conversation, replaced) : null;
        if (target is not null)
        {
            outgoing.Id = target;
            try
            {
                await turn.UpdateActivityAsync(outgoing, token);
                if (mark.Replace && !mark.OrPost)
                {
                    // The slot's card is now a recap: nothing live is left there until the next card.
                    live.Forget(channel, conversation, replaced!);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && SendOutcome.Classify(ex, clock.GetUtcNow()).Result is SendResult.Rejected or SendResult.Forbidden)
            {
                // The card is gone or cannot change: the person has the newer card below it anyway.
                if (!mark.OrPost)
                {
                    return;
                }
            }
        }
        else if (mark.Update || (mark.Replace && !mark.OrPost))
        {
            return;
        }

        outgoing.Id = null;
        var posted = await turn.SendActivityAsync(outgoing, token);
        if (mark.Slot is { } held && posted?.Id is { Length: > 0 } id)
        {
            if (live.Get(channel, conversation, held) is { } before && !mark.Replace)
            {
                live.Set(channel, conversation, SlotMark.LeftOf(held), before);
            }

            live.Set(channel, conversation, held, id);
        }
    }
}
