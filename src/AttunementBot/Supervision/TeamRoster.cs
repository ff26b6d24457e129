using AttunementBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Rest;

namespace AttunementBot.Supervision;

/// <summary>
/// Keeps a group's membership in step with its Teams team: everyone on the team's roster when the
/// group is set up, then people as they join or leave the team. Someone who leaves the team can no
/// longer share with the group or act on its cards.
/// </summary>
public sealed partial class TeamRoster(ISupervisionStore store, ILogger<TeamRoster> logger) : IConversationMembersListener
{
    private const int PageSize = 500;

    /// <returns>How many people joined; 0 where the channel has no team or the roster cannot be read.</returns>
    public async Task<int> JoinEveryoneAsync(ITurnContext turnContext, SupervisionGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(group);
        if (group.TeamId is null)
        {
            return 0;
        }

        var joined = 0;
        string? page = null;
        try
        {
            do
            {
                var members = await TeamsInfo.GetPagedTeamMembersAsync(turnContext, group.TeamId, page, PageSize, cancellationToken);
                foreach (var member in members.Members ?? [])
                {
                    joined += await JoinAsync(group, turnContext.Activity.ChannelId, member, cancellationToken) ? 1 : 0;
                }

                page = members.ContinuationToken;
            }
            while (!string.IsNullOrEmpty(page));
        }
        catch (Exception ex) when (ex is ErrorResponseException or HttpOperationException or HttpRequestException)
        {
            // Without the roster, people still join from their chat with the bot.
            LogRosterUnavailable(logger, ex);
        }

        return joined;
    }

    public async Task MembersAddedAsync(ITurnContext<IConversationUpdateActivity> turnContext, IReadOnlyList<ChannelAccount> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(members);
        foreach (var group in await GroupsOfThisTeamAsync(turnContext, cancellationToken))
        {
            foreach (var member in members)
            {
                await JoinAsync(group, turnContext.Activity.ChannelId, member, cancellationToken);
            }
        }
    }

    public async Task MembersRemovedAsync(ITurnContext<IConversationUpdateActivity> turnContext, IReadOnlyList<ChannelAccount> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(members);
        foreach (var group in await GroupsOfThisTeamAsync(turnContext, cancellationToken))
        {
            foreach (var member in members)
            {
                await store.LeaveAsync(group.Id, $"{turnContext.Activity.ChannelId}:{member.Id}", cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<SupervisionGroup>> GroupsOfThisTeamAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.TeamsGetTeamInfo()?.Id is { Length: > 0 } team
            ? await store.GroupsOfTeamAsync(team, cancellationToken)
            : [];

    /// <summary>Teams user ids are the same in a team and in a one-to-one chat, so the person key matches.</summary>
    private Task<bool> JoinAsync(SupervisionGroup group, string channelId, ChannelAccount member, CancellationToken cancellationToken) =>
        store.JoinAsync(group.Id, $"{channelId}:{member.Id}", member.AadObjectId ?? member.Id, cancellationToken);

    // The exception is the Bot Connector's answer about the roster call; it carries no one's words.
    [LoggerMessage(Level = LogLevel.Information, Message = "The team roster could not be read; members join by command instead")]
    private static partial void LogRosterUnavailable(ILogger logger, Exception exception);
}
