using System.Globalization;
using AttunementBot.Bot;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Audit;

/// <summary>
/// A lead reads their group's part of the audit trail: "audit log" in the group's channel, or
/// "audit log for group NAME" in their own chat. Anyone else is told kindly, and the refusal is
/// itself recorded.
/// </summary>
public sealed class AuditFeature(AuditLog log, IAuditGroups groups, IPeopleDirectory people, AuditText text) : IMessageFeature
{
    private const int Newest = 20;

    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null || PhraseCommand.Parse(input.Text, text) is not { } command)
        {
            return false;
        }

        var activity = turnContext.Activity;
        var group = await GroupMeantAsync(activity, command, cancellationToken);
        if (!await people.IsLeadAsync(activity.From, cancellationToken))
        {
            await log.RecordAsync(AuditEvent.RefusedFor(activity, AuditActions.AuditRead, groupId: group?.Id), cancellationToken);
            await SayAsync(turnContext, text["onlyLeads"], cancellationToken);
            return true;
        }

        if (group is null)
        {
            var reason = command.Name == "groupLogFor" ? "unknownGroup" : activity.IsOneToOne() ? "whichGroup" : "notAGroup";
            await SayAsync(turnContext, text[reason], cancellationToken);
            return true;
        }

        await log.RecordAsync(AuditEvent.By(activity, AuditActions.AuditRead, groupId: group.Id), cancellationToken);
        var records = await log.ReadAsync(DateTimeOffset.MinValue, null, group.Id, Newest, cancellationToken);
        await SayAsync(turnContext, await DescribeAsync(group, records, cancellationToken), cancellationToken);
        return true;
    }

    private async Task<AuditGroup?> GroupMeantAsync(IMessageActivity activity, PhraseCommand command, CancellationToken cancellationToken) => command.Name switch
    {
        "groupLogFor" when command.Argument.Length > 0 => await groups.FindByNameAsync(command.Argument, cancellationToken),
        "groupLog" when !activity.IsOneToOne() => await groups.FindByConversationAsync(activity.ChannelId, activity.Conversation.Id, cancellationToken),
        _ => null,
    };

    private async Task<string> DescribeAsync(AuditGroup group, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return text.Fill("empty", ("group", group.Name));
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new List<string> { text.Fill("title", ("count", records.Count), ("group", group.Name)) };
        foreach (var record in records)
        {
            if (!names.TryGetValue(record.Actor, out var who))
            {
                who = record.Actor == AuditEvent.SystemActor
                    ? text["system"]
                    : (await people.FindAsync(record.Actor, cancellationToken))?.DisplayName ?? text["someone"];
                names[record.Actor] = who;
            }

            var what = text[$"actions.{record.Action.Replace('.', '-')}"];
            lines.Add(text.Fill(
                "line",
                ("at", record.At.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)),
                ("who", who),
                ("what", record.Refused ? text.Fill("refused", ("what", what)) : what)));
        }

        return string.Join('\n', lines);
    }

    private static async Task SayAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);
}
