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
    IEnumerable<IInvokeFeature> invokeFeatures,
    ReflectionReplies reflectionReplies,
    BotText text,
    TimeProvider clock) : ActivityHandler
{
    /// <summary>How many past reflections the settledness step weighs.</summary>
    private const int RecentSettlednessCount = 3;

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

        if (reflecting && TurnFacts.RepliesWereLost(turnContext))
        {
            // The person may be answering a card they never saw: show it, and take nothing as an answer yet.
            await SendAsync(turnContext, reflection.Current(session!, text.RepliesLost), fromCard: false, cancellationToken);
            return;
        }

        if (reflection.Owns(input, session))
        {
            await WelcomeOnceAsync(turnContext, withNextStep: false, cancellationToken);
            await SendAsync(turnContext, await ReflectAsync(turnContext, session, input, cancellationToken), input.Submit is not null, cancellationToken);
            return;
        }

        var welcomedNow = await WelcomeOnceAsync(turnContext, withNextStep: command != BotCommandKind.Help, cancellationToken);
        var reply = command switch
        {
            BotCommandKind.Help => text.Help,
            BotCommandKind.Greeting when !welcomedNow => text.WelcomeNext,
            BotCommandKind.Thanks => text.Thanks,
            BotCommandKind.None when UserInputReader.HasUnreadableValue(turnContext.Activity) => text.UnreadableSubmit,
            BotCommandKind.None when !welcomedNow => text.Unknown,
            _ => null,
        };
        if (reply is not null)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(reply), cancellationToken);
        }
    }

    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name == ReflectionReplies.InvokeName
            && turnContext.Activity.IsOneToOne()
            && UserInputReader.ReadExecute(turnContext.Activity) is { } pressed
            && reflection.Owns(pressed, null))
        {
            // Teams' Action.Execute: the pressed card is answered in place, in the invoke's response.
            var session = await _session.GetAsync(turnContext, () => null!, cancellationToken);
            var outcome = await ReflectAsync(turnContext, session, pressed, cancellationToken);
            await KeepAsync(turnContext, outcome, cancellationToken);
            var (response, others) = reflectionReplies.ForInvoke(turnContext.Activity, outcome);
            if (others.Count > 0)
            {
                await turnContext.SendActivitiesAsync([.. others], cancellationToken);
            }

            return response;
        }

        foreach (var feature in invokeFeatures)
        {
            if (await feature.TryHandleAsync(turnContext, cancellationToken) is { } response)
            {
                return response;
            }
        }

        return await base.OnInvokeActivityAsync(turnContext, cancellationToken);
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

    private async Task<FlowOutcome> ReflectAsync(ITurnContext turnContext, ReflectionSession? session, UserInput input, CancellationToken cancellationToken)
    {
        var owner = OwnerKey(turnContext.Activity);
        var profile = await _profile.GetAsync(turnContext, () => new UserProfile(), cancellationToken);
        // Only a turn that may begin a reflection needs the last one (for its follow-up); one read serves both.
        var mayBegin = reflection.MayBegin(input);
        var recent = profile.RecentSettledness is null || mayBegin
            ? await history.RecentAsync(owner, profile.RecentSettledness is null ? RecentSettlednessCount : 1, cancellationToken)
            : [];
        profile.RecentSettledness ??= [.. recent.Select(r => r.Answers.Settledness)];
        var context = new ClinicianContext(LocalNow(turnContext.Activity), profile.RecentSettledness)
        {
            Last = mayBegin ? recent.FirstOrDefault() : null,
        };

        var outcome = reflection.Handle(session, input, context);

        if (outcome.Completed is { } completed)
        {
            await history.SaveAsync(owner, completed, cancellationToken);
            profile.RecentSettledness = [completed.Answers.Settledness, .. profile.RecentSettledness.Take(RecentSettlednessCount - 1)];
        }

        return outcome;
    }

    /// <summary>Keeps the flow's state.</summary>
    private async Task KeepAsync(ITurnContext turnContext, FlowOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Session is null)
        {
            await _session.DeleteAsync(turnContext, cancellationToken);
        }
        else
        {
            await _session.SetAsync(turnContext, outcome.Session, cancellationToken);
        }
    }

    /// <summary>Keeps the flow's state and sends its replies, rendered for the channel.</summary>
    private async Task SendAsync(ITurnContext turnContext, FlowOutcome outcome, bool fromCard, CancellationToken cancellationToken)
    {
        await KeepAsync(turnContext, outcome, cancellationToken);
        var activities = reflectionReplies.ForMessage(turnContext.Activity, outcome, fromCard);
        if (activities.Count > 0)
        {
            await turnContext.SendActivitiesAsync([.. activities], cancellationToken);
        }
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
    private static string OwnerKey(Activity activity) => $"{activity.ChannelId}:{activity.From?.Id}";

    /// <summary>The person's local time when the channel says it (Teams sends localTimestamp), else UTC.</summary>
    private DateTimeOffset LocalNow(Activity activity)
    {
        var now = clock.GetUtcNow();
        return activity.LocalTimestamp is { } local ? now.ToOffset(local.Offset) : now;
    }
}
