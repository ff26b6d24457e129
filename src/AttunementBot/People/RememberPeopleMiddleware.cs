using AttunementBot.Common;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.People;

/// <summary>
/// Keeps each person's one-to-one conversation reference fresh, so scheduled prompts and
/// notes can reach them later. Group conversations are not a way to reach one person.
/// </summary>
public sealed class RememberPeopleMiddleware(IPeopleDirectory people) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var personal = activity.IsOneToOne();
        if (personal && activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Invoke)
        {
            await people.RememberAsync(activity, cancellationToken);
        }

        await next(cancellationToken);
    }
}
