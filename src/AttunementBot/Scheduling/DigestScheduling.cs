using System.Globalization;
using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>Where a digest schedule posts (the schedule's second target entry; none: the lead's chat).</summary>
public static class DigestPlace
{
    public const string Channel = "channel";
}

/// <summary>What a lead says about the weekly team digest (digest-schedule-text.json).</summary>
public sealed class DigestScheduleText() : PhraseBook("Scheduling/digest-schedule-text.json");

/// <summary>
/// A lead's team digest: "digest weekly for group NAME" makes a weekly schedule (to the lead's chat, or "in
/// the channel"); "digest for group NAME" shows last week's now. The counts come from <see cref="IGroupDigest"/>.
/// </summary>
public sealed class DigestScheduling(
    IScheduleStore schedules,
    IPeopleDirectory people,
    ISupervisionGroupMembers groups,
    IGroupDigest digests,
    SchedulerSignal signal,
    ScheduleTimes times,
    DigestScheduleText text,
    TimeProvider clock,
    IAuditLog audit) : IMessageFeature
{
    private static readonly string[] ChannelWords = ["in the channel", "in its channel", "in the group's channel", "to the channel"];

    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null || PhraseCommand.Parse(input.Text, text) is not { } command
            || (command.Name == "now" && !command.Argument.StartsWith("for ", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var activity = turnContext.Activity;
        var self = await people.FindAsync(Person.KeyOf(activity), cancellationToken);
        IActivity reply;
        if (self is null || !activity.IsOneToOne())
        {
            reply = MessageFactory.Text(text["privateOnly"]);
        }
        else if (!await people.IsLeadAsync(self, cancellationToken))
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleCreated, self.Key, Refused: true), cancellationToken);
            reply = MessageFactory.Text(text["onlyLeads"]);
        }
        else
        {
            reply = await HandleAsync(command, self, activity.ChannelId, cancellationToken);
        }

        await turnContext.SendActivityAsync(reply, cancellationToken);
        return true;
    }

    private async Task<IActivity> HandleAsync(PhraseCommand command, Person self, string channelId, CancellationToken cancellationToken)
    {
        var (group, inChannel) = Read(command.Argument);
        if (group.Length == 0)
        {
            return MessageFactory.Text(text["whichGroup"]);
        }

        var members = await groups.PersonKeysAsync(group, cancellationToken);
        var channel = await groups.ChannelAsync(group, cancellationToken);
        if (members.Count == 0 && channel is null)
        {
            return MessageFactory.Text(text.Fill("unknownGroup", ("name", group)));
        }

        if (command.Name == "now")
        {
            return ChannelRenderer.ToActivity(await digests.ComposeAsync(group, members, clock.GetUtcNow(), cancellationToken), channelId);
        }

        if (inChannel && channel is null)
        {
            return MessageFactory.Text(text.Fill("noChannel", ("name", group)));
        }

        if (!WhenParser.TryParse(text["every"], out var when))
        {
            throw new InvalidOperationException("digest-schedule-text.json: \"every\" is not a time the scheduler reads.");
        }

        var label = text.Fill(inChannel ? "labelChannel" : "label", ("group", group));
        var schedule = await schedules.AddAsync(
            new ScheduleDraft(self.Key, TargetKind.Digest, inChannel ? [group, DigestPlace.Channel] : [group], label, when),
            clock.GetUtcNow(),
            cancellationToken);
        await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleCreated, self.Key, schedule.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        signal.Wake();
        var next = await times.NextRunAsync(schedule, self, cancellationToken);
        return MessageFactory.Text(text.Fill("created", ("group", group), ("when", when.Description), ("zone", next.Zone), ("next", next.Next)));
    }

    /// <summary>"for group Tuesday peers in the channel" → ("Tuesday peers", true).</summary>
    private static (string Group, bool InChannel) Read(string argument)
    {
        var rest = argument.Trim();
        var inChannel = false;
        foreach (var words in ChannelWords)
        {
            if (rest.EndsWith(" " + words, StringComparison.OrdinalIgnoreCase) || rest.Equals(words, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[..^words.Length].Trim();
                inChannel = true;
                break;
            }
        }

        foreach (var prefix in new[] { "for group ", "for the group ", "for ", "group " })
        {
            if (rest.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                rest = rest[prefix.Length..].Trim();
                break;
            }
        }

        return (rest.Trim('"', '\'', ' '), inChannel);
    }
}
