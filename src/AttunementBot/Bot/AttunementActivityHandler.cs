using AttunementBot.Cards;
using AttunementBot.Common;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// Routes each activity to the feature that owns it and saves state at the end of a successful
/// turn. It knows no step logic: features decide, and it sends what they decide.
/// </summary>
public sealed class AttunementActivityHandler(
    ConversationState conversationState,
    UserState userState,
    ReflectionFlow reflection,
    IReflectionHistory history,
    CardLibrary cards,
    IEnumerable<IMessageFeature> features,
    IEnumerable<IConversationMembersListener> membersListeners,
    BotText text,
    TimeProvider clock) : ActivityHandler
{
    private readonly IStatePropertyAccessor<UserProfile> _profile = userState.CreateProperty<UserProfile>(nameof(UserProfile));
    private readonly IStatePropertyAccessor<ReflectionSession> _session = userState.CreateProperty<ReflectionSession>(nameof(ReflectionSession));

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
        var input = UserInputReader.Read(turnContext.Activity);
        var session = await _session.GetAsync(turnContext, () => null!, cancellationToken);
        var command = input.Submit is null ? BotCommand.Parse(input.Text) : BotCommandKind.None;

        // While a reflection is under way, typed text is its answer; other features get card
        // submits (their own buttons) and, otherwise, the first look at a message.
        var isPrivate = turnContext.Activity.IsOneToOne();
        var reflecting = isPrivate && session is { State: ReflectionState.Active or ReflectionState.AwaitingResume };
        if (!reflecting || input.Submit is not null)
        {
            foreach (var feature in features)
            {
                if (await feature.TryHandleAsync(turnContext, input, cancellationToken))
                {
                    return;
                }
            }
        }

        if (!isPrivate)
        {
            // A group sees shared cards only; reflections and welcomes belong to one-to-one chats.
            var words = reflection.IsStartCommand(input) ? text.PrivateOnly : text.InGroup;
            await turnContext.SendActivityAsync(MessageFactory.Text(words), cancellationToken);
            return;
        }

        if (reflection.Owns(input, session))
        {
            await WelcomeOnceAsync(turnContext, withNextStep: false, cancellationToken);
            await ReflectAsync(turnContext, session, input, cancellationToken);
            return;
        }

        var welcomedNow = await WelcomeOnceAsync(turnContext, withNextStep: command != BotCommandKind.Help, cancellationToken);
        var reply = command switch
        {
            BotCommandKind.Help => text.Help,
            BotCommandKind.Greeting when !welcomedNow => text.WelcomeNext,
            BotCommandKind.Thanks => text.Thanks,
            BotCommandKind.MyReflections => text.MyReflectionsSoon,
            BotCommandKind.None when UserInputReader.HasUnreadableValue(turnContext.Activity) => text.UnreadableSubmit,
            BotCommandKind.None when !welcomedNow => text.Unknown,
            _ => null,
        };
        if (reply is not null)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(reply), cancellationToken);
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var people = membersAdded.Where(m => m.Id != turnContext.Activity.Recipient?.Id).ToList();
        if (people.Count == 0)
        {
            return;
        }

        // In a personal chat the person is added when they install the bot: greet them then.
        if (turnContext.Activity.IsOneToOne())
        {
            await WelcomeOnceAsync(turnContext, withNextStep: true, cancellationToken);
            return;
        }

        foreach (var listener in membersListeners)
        {
            await listener.MembersAddedAsync(turnContext, people, cancellationToken);
        }
    }

    protected override async Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var people = membersRemoved.Where(m => m.Id != turnContext.Activity.Recipient?.Id).ToList();
        if (people.Count == 0 || turnContext.Activity.IsOneToOne())
        {
            return;
        }

        foreach (var listener in membersListeners)
        {
            await listener.MembersRemovedAsync(turnContext, people, cancellationToken);
        }
    }

    private async Task ReflectAsync(ITurnContext<IMessageActivity> turnContext, ReflectionSession? session, UserInput input, CancellationToken cancellationToken)
    {
        var owner = OwnerKey(turnContext.Activity);
        var recent = await history.RecentAsync(owner, 3, cancellationToken);
        var context = new ClinicianContext(LocalNow(turnContext.Activity), [.. recent.Select(r => r.Answers.Settledness)]);

        var outcome = reflection.Handle(session, input, context);

        if (outcome.Completed is { } completed)
        {
            await history.SaveAsync(owner, completed, cancellationToken);
        }

        if (outcome.Session is null)
        {
            await _session.DeleteAsync(turnContext, cancellationToken);
        }
        else
        {
            await _session.SetAsync(turnContext, outcome.Session, cancellationToken);
        }

        var channelId = turnContext.Activity.ChannelId;
        var activities = outcome.Replies.Select(reply => reply switch
        {
            CardReply card => ChannelRenderer.ToActivity(cards.Render(card.Template, card.Data), channelId),
            TextReply words => MessageFactory.Text(words.Text),
            _ => throw new InvalidOperationException($"Unknown reply type {reply.GetType().Name}."),
        }).Cast<IActivity>().ToArray();
        await turnContext.SendActivitiesAsync(activities, cancellationToken);
    }

    /// <returns>True when the welcome was sent in this turn.</returns>
    private async Task<bool> WelcomeOnceAsync(ITurnContext turnContext, bool withNextStep, CancellationToken cancellationToken)
    {
        var profile = await _profile.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        if (profile.WelcomedAt is not null)
        {
            return false;
        }

        profile.WelcomedAt = clock.GetUtcNow();
        var welcome = new NoticeCard(
            text.WelcomeTitle,
            withNextStep ? $"{text.Welcome}\n\n{text.WelcomeNext}" : text.Welcome,
            Actions: withNextStep ? [new NoticeAction(text.StartButton, "reflect"), new NoticeAction(text.HelpButton, "help")] : null);
        await turnContext.SendActivityAsync(
            ChannelRenderer.ToActivity(cards.Render(NoticeCard.Template, welcome), turnContext.Activity.ChannelId),
            cancellationToken);
        return true;
    }

    /// <summary>Whose history this is: the person, on this channel.</summary>
    private static string OwnerKey(IActivity activity) => $"{activity.ChannelId}:{activity.From?.Id}";

    /// <summary>The person's local time when the channel says it (Teams sends localTimestamp), else UTC.</summary>
    private DateTimeOffset LocalNow(IActivity activity)
    {
        var now = clock.GetUtcNow();
        return activity.LocalTimestamp is { } local ? now.ToOffset(local.Offset) : now;
    }
}
