using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Cards;

/// <summary>
/// Every message the bot sends or updates, in a turn or proactively, leaves as text for its channel
/// (<see cref="ChannelRenderer.PrepareText"/>), so a name or answer quoted in a sentence never
/// becomes a link, a mention or formatting. Features write <c>MessageFactory.Text</c> as usual.
/// </summary>
public sealed class SafeTextMiddleware : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var channelId = turnContext.Activity.ChannelId;
        turnContext.OnSendActivities(async (_, activities, send) =>
        {
            foreach (var activity in activities)
            {
                ChannelRenderer.PrepareText(activity, channelId);
            }

            return await send();
        });
        turnContext.OnUpdateActivity(async (_, activity, update) =>
        {
            ChannelRenderer.PrepareText(activity, channelId);
            return await update();
        });
        await next(cancellationToken);
    }
}
