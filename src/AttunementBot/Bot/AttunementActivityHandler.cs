using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// Routes each activity to the feature that owns it and saves state at the end of a successful
/// turn. It knows no step logic.
/// </summary>
public sealed class AttunementActivityHandler(
    ConversationState conversationState,
    UserState userState,
    BotText text,
    TimeProvider clock) : ActivityHandler
{
    private readonly IStatePropertyAccessor<UserProfile> _profile = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        await conversationState.SaveChangesAsync(turnContext, force: false, cancellationToken);
        await userState.SaveChangesAsync(turnContext, force: false, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        // In a Teams channel the message starts with an @mention of the bot.
        turnContext.Activity.RemoveRecipientMention();
        var command = BotCommand.Parse(turnContext.Activity.Text);
        var welcomedNow = await WelcomeOnceAsync(turnContext, cancellationToken);

        switch (command)
        {
            case BotCommandKind.Help:
                await turnContext.SendActivityAsync(MessageFactory.Text(text.Help), cancellationToken);
                break;
            case BotCommandKind.Greeting when welcomedNow:
                break;
            case BotCommandKind.Greeting:
                await turnContext.SendActivityAsync(MessageFactory.Text(text.WelcomeNext), cancellationToken);
                break;
            default:
                if (!welcomedNow)
                {
                    await turnContext.SendActivityAsync(MessageFactory.Text(text.Unknown), cancellationToken);
                }

                break;
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // In a personal chat the person is added when they install the bot: greet them then.
        var personal = turnContext.Activity.Conversation?.ConversationType is null or "personal";
        if (personal && membersAdded.Any(m => m.Id != turnContext.Activity.Recipient?.Id))
        {
            await WelcomeOnceAsync(turnContext, cancellationToken);
        }
    }

    /// <returns>True when the welcome was sent in this turn.</returns>
    private async Task<bool> WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var profile = await _profile.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        if (profile.WelcomedAt is not null)
        {
            return false;
        }

        profile.WelcomedAt = clock.GetUtcNow();
        await turnContext.SendActivitiesAsync(
            [MessageFactory.Text(text.Welcome), MessageFactory.Text(text.WelcomeNext)],
            cancellationToken);
        return true;
    }
}
