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
    /// <returns>How many activities reached the channel, in order, and what stopped the rest (or Sent).</returns>
    public static async Task<(int Sent, SendOutcome Outcome)> SendAsync(
        CloudAdapter adapter, string botAppId, ConversationReference reference, IReadOnlyList<IActivity> activities, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(clock);
        var sent = 0;
        Exception? failure = null;
        try
        {
            // The adapter's turn-error handler would swallow an exception thrown inside the callback, so it is
            // caught here and classified instead.
            // The continuation carries the id of the activity the replies answer, so each reply's replyToId names
            // it (not a fresh id of the continuation's own): Web Chat holds a reply back until it has the message
            // it answers, and threads it under that message.
            var continuation = reference.GetContinuationActivity();
            continuation.Id = reference.ActivityId ?? continuation.Id;
            await adapter.ContinueConversationAsync(
                botAppId,
                continuation,
                async (turn, token) =>
                {
                    try
                    {
                        foreach (var activity in activities)
                        {
                            await turn.SendActivityAsync(activity, token);
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
}
