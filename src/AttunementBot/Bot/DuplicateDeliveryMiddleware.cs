using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;

namespace AttunementBot.Bot;

/// <summary>
/// Teams re-sends an activity when the bot takes longer than about 15 seconds. The first
/// delivery claims the activity id; a repeat is acknowledged (HTTP 200) but not handled again,
/// so no answer is recorded twice and no message is sent twice. A failed turn gives its claim
/// back, so the channel's retry gets a real second chance.
/// </summary>
public sealed partial class DuplicateDeliveryMiddleware(IActivityLedger ledger, ILogger<DuplicateDeliveryMiddleware> logger) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var key = KeyOf(turnContext.Activity);
        if (key is null)
        {
            await next(cancellationToken);
            return;
        }

        if (!await ledger.TryClaimAsync(key, cancellationToken))
        {
            LogDuplicate(logger, key.ChannelId, key.ActivityId);
            return;
        }

        try
        {
            await next(cancellationToken);
        }
        catch
        {
            await ledger.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }

    private static ActivityKey? KeyOf(Activity activity)
    {
        // Only user-originated activities are re-delivered; an id is needed to recognise one.
        if (string.IsNullOrEmpty(activity.Id) || activity.Conversation?.Id is not { Length: > 0 } conversation
            || activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke))
        {
            return null;
        }

        return new ActivityKey(activity.ChannelId ?? string.Empty, conversation, activity.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a repeated delivery of activity {ActivityId} on {ChannelId}")]
    private static partial void LogDuplicate(ILogger logger, string channelId, string activityId);
}
