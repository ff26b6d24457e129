using AttunementBot.Bot;
using AttunementBot.Common;
using AttunementBot.People;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>
/// The scheduling commands and the prompt card's own buttons (snooze, skip). Schedules are made in a
/// one-to-one chat; only leads schedule for others.
/// </summary>
public sealed class SchedulingFeature(
    SchedulingCommands commands,
    ScheduleManagement management,
    PromptSettings settings,
    PromptAnswers answers,
    IPeopleDirectory people,
    SchedulingText text) : IMessageFeature
{
    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        var command = commands.Read(input.Text, input.Submit);
        if (command is null)
        {
            return false;
        }

        var activity = turnContext.Activity;
        var self = await people.FindAsync(Person.KeyOf(activity), cancellationToken);
        IActivity reply;
        if (self is null || !activity.IsOneToOne())
        {
            reply = MessageFactory.Text(text.PrivateOnly);
        }
        else
        {
            reply = await HandleAsync(command, self, activity.ChannelId, cancellationToken);
        }

        await turnContext.SendActivityAsync(reply, cancellationToken);
        return true;
    }

    private async Task<IActivity> HandleAsync(SchedulingCommand command, Person self, string channelId, CancellationToken cancellationToken) => command switch
    {
        CreateSchedule create => Say(await management.CreateAsync(create, self, cancellationToken)),
        ListSchedules => await management.ListAsync(self, channelId, cancellationToken),
        ShowForm form => await management.FormAsync(form, self, channelId, cancellationToken),
        ChangeSchedule change => Say(await management.ChangeAsync(change, self, cancellationToken)),
        SetTimeZone zone => Say(await settings.SetTimeZoneAsync(zone, self, cancellationToken)),
        SetWorkingDays days => Say(await settings.SetWorkingDaysAsync(days, self, cancellationToken)),
        SetAway away => Say(await settings.SetAwayAsync(away, self, cancellationToken)),
        ShowSettings => await settings.SettingsCardAsync(self, channelId, cancellationToken),
        Snooze snooze => Say(await answers.SnoozeAsync(snooze, self, cancellationToken)),
        SkipToday skip => Say(await answers.SkipTodayAsync(skip, self, cancellationToken)),
        IncompleteForm => Say(text.FormNoDays),
        _ => Say(text.ScheduleHelp),
    };

    private static Activity Say(string words) => MessageFactory.Text(words);
}
