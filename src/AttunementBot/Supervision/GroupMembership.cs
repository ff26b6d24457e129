using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>Setting up a group in its channel, joining and leaving it, and extending the lead role.</summary>
public sealed class GroupMembership(ISupervisionStore store, IPeopleDirectory people, TeamRoster roster, SupervisionReplies replies, TimeProvider clock, IAuditLog audit)
{
    public async Task SetUpAsync(ITurnContext<IMessageActivity> turn, string name, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.IsOneToOne())
        {
            await replies.SayAsync(turn, "setUp.onlyInGroup", cancellationToken);
            return;
        }

        if (!await people.IsLeadAsync(activity.From, cancellationToken))
        {
            await audit.RecordAsync(AuditEvent.RefusedFor(activity, AuditActions.GroupSetUp), cancellationToken);
            await replies.SayAsync(turn, "setUp.onlyLeads", cancellationToken);
            return;
        }

        if (name.Length == 0)
        {
            await replies.SayAsync(turn, "setUp.needName", cancellationToken);
            return;
        }

        var existing = await store.FindGroupAsync(name, cancellationToken);
        var saved = await store.SaveGroupAsync(
            new SupervisionGroup(Guid.NewGuid().ToString("N"), name, activity.ChannelId, ChannelRoot(activity), Person.KeyOf(activity), clock.GetUtcNow(), activity.TeamsGetTeamInfo()?.Id),
            cancellationToken);
        await audit.RecordAsync(AuditEvent.By(activity, AuditActions.GroupSetUp, saved.Id, saved.Id), cancellationToken);
        await replies.SayAsync(turn, existing is null ? "setUp.done" : "setUp.moved", cancellationToken, ("group", saved.Name));
        if (await roster.JoinEveryoneAsync(turn, saved, cancellationToken) is > 0 and var joined)
        {
            await replies.SayAsync(turn, "setUp.rosterJoined", cancellationToken, ("count", joined));
        }
    }

    public async Task JoinAsync(ITurnContext<IMessageActivity> turn, string name, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsOneToOne())
        {
            await replies.SayAsync(turn, "join.onlyPrivate", cancellationToken);
            return;
        }

        var all = await store.AllGroupsAsync(cancellationToken);
        if (all.Count == 0)
        {
            await replies.SayAsync(turn, "join.noGroups", cancellationToken);
            return;
        }

        if (name.Length == 0)
        {
            await replies.SayAsync(turn, "join.needName", cancellationToken, ("groups", SupervisionReplies.Names(all)));
            return;
        }

        var group = await store.FindGroupAsync(name, cancellationToken);
        if (group is null)
        {
            await replies.SayAsync(turn, "join.unknown", cancellationToken, ("group", name), ("groups", SupervisionReplies.Names(all)));
            return;
        }

        var from = turn.Activity.From;
        var joined = await store.JoinAsync(group.Id, Person.KeyOf(turn.Activity), from.AadObjectId ?? from.Id, cancellationToken);
        if (joined) await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.GroupJoined, groupId: group.Id), cancellationToken);
        await replies.SayAsync(turn, joined ? "join.joined" : "join.already", cancellationToken, ("group", group.Name));
    }

    public async Task LeaveAsync(ITurnContext<IMessageActivity> turn, string name, CancellationToken cancellationToken)
    {
        var key = Person.KeyOf(turn.Activity);
        var mine = await store.GroupsOfAsync(key, cancellationToken);
        var group = name.Length == 0 && mine.Count == 1
            ? mine[0]
            : mine.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
        if (group is null || !await store.LeaveAsync(group.Id, key, cancellationToken))
        {
            await replies.SayAsync(turn, "leave.notMember", cancellationToken, ("group", name));
            return;
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.GroupLeft, groupId: group.Id), cancellationToken);
        await replies.SayAsync(turn, "leave.left", cancellationToken, ("group", group.Name));
    }

    public async Task ListAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        var mine = await store.GroupsOfAsync(Person.KeyOf(turn.Activity), cancellationToken);
        if (mine.Count == 0)
        {
            await replies.SayAsync(turn, "myGroups.none", cancellationToken, ("groups", SupervisionReplies.Names(await store.AllGroupsAsync(cancellationToken))));
            return;
        }

        await replies.SayAsync(turn, "myGroups.list", cancellationToken, ("groups", SupervisionReplies.Names(mine)));
    }

    public async Task AddLeadAsync(ITurnContext<IMessageActivity> turn, string who, CancellationToken cancellationToken)
    {
        if (!await people.IsLeadAsync(turn.Activity.From, cancellationToken))
        {
            await audit.RecordAsync(AuditEvent.RefusedFor(turn.Activity, AuditActions.LeadAdded), cancellationToken);
            await replies.SayAsync(turn, "addLead.onlyLeads", cancellationToken);
            return;
        }

        if (who.Length == 0)
        {
            await replies.SayAsync(turn, "addLead.which", cancellationToken);
            return;
        }

        var found = await people.SearchAsync(who, cancellationToken);
        if (found.Count != 1)
        {
            await replies.SayAsync(turn, found.Count == 0 ? "addLead.unknown" : "addLead.ambiguous", cancellationToken, ("name", who));
            return;
        }

        await people.GrantLeadAsync(found[0].RoleId, Person.KeyOf(turn.Activity), cancellationToken);
        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.LeadAdded, found[0].Key), cancellationToken);
        await replies.SayAsync(turn, "addLead.done", cancellationToken, ("name", found[0].DisplayName ?? who));
    }

    /// <summary>
    /// Where new cards go: the channel itself, not the thread this command was typed in (Teams adds
    /// ";messageid=…" to a thread's conversation id).
    /// </summary>
    private static ConversationReference ChannelRoot(IActivity activity)
    {
        var reference = activity.GetConversationReference();
        var id = reference.Conversation.Id;
        if (ChannelThreads.Root(id) != id)
        {
            reference.Conversation = new ConversationAccount(
                reference.Conversation.IsGroup, reference.Conversation.ConversationType, ChannelThreads.Root(id), reference.Conversation.Name,
                tenantId: reference.Conversation.TenantId);
        }

        reference.ActivityId = null;
        return reference;
    }
}
