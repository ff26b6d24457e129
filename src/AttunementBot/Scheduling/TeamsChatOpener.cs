using AttunementBot.Common;
using AttunementBot.Bot;
using AttunementBot.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Rest;

namespace AttunementBot.Scheduling;

/// <param name="Opened">False: the one-to-one chat could not be started, so nothing was sent.</param>
/// <param name="Name">The member's name from the team's roster, when it could be read (for the lead's note).</param>
public sealed record OpenOutcome(SendOutcome Outcome, bool Opened, string? Name);

/// <summary>Reaches a team member who never wrote to the bot: starts a one-to-one chat with them and sends.</summary>
public interface IChatOpener
{
    /// <param name="channel">The group's channel: its service URL, tenant and the bot's account in that team.</param>
    Task<OpenOutcome> OpenAndSendAsync(ConversationReference channel, string userId, IActivity activity, CancellationToken cancellationToken);
}

/// <summary>
/// As Teams allows for a bot installed in a team: reads the member from the team's roster (name, Azure AD id),
/// creates the one-to-one conversation with the tenant and the member through the adapter's
/// <c>CreateConversationAsync</c> against the team's service URL, remembers the new chat (so later prompts use
/// it, and the person's name is known), then sends. A refusal (the app is not installed for them, or the
/// tenant forbids it) is reported, never retried within the run.
/// </summary>
public sealed class TeamsChatOpener(AttunementAdapter adapter, IPeopleDirectory people, IConfiguration configuration, TimeProvider clock) : IChatOpener
{
    public async Task<OpenOutcome> OpenAndSendAsync(ConversationReference channel, string userId, IActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var appId = configuration["MicrosoftAppId"] ?? string.Empty;
        var member = await MemberAsync(appId, channel, userId, cancellationToken);
        var tenantId = channel.Conversation?.TenantId;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = channel.Bot,
            Members = [new ChannelAccount(userId, member?.Name, aadObjectId: member?.AadObjectId)],
            TenantId = tenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(tenantId) },
        };

        var opened = false;
        var outcome = await AdapterProactiveSender.CaptureAsync(
            callback => adapter.CreateConversationAsync(appId, channel.ChannelId, channel.ServiceUrl, null, parameters, callback, cancellationToken),
            async (turn, token) =>
            {
                opened = true;
                await people.RememberAsync(Seen(turn.Activity, parameters.Members[0], tenantId), token);
                await turn.SendActivityAsync(activity, token);
            },
            clock,
            cancellationToken);
        return new OpenOutcome(outcome, opened, member?.Name);
    }

    /// <summary>The member as the team's roster has them; null when the roster cannot say.</summary>
    private async Task<TeamsChannelAccount?> MemberAsync(string appId, ConversationReference channel, string userId, CancellationToken cancellationToken)
    {
        TeamsChannelAccount? member = null;
        try
        {
            await adapter.ContinueConversationAsync(
                appId,
                channel,
                async (turn, token) =>
                {
                    try
                    {
                        member = await TeamsInfo.GetMemberAsync(turn, userId, token);
                    }
                    catch (Exception ex) when (ex is ErrorResponseException or HttpOperationException or HttpRequestException)
                    {
                        // Without the name the chat can still be opened; the lead's note says "someone".
                    }
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is ErrorResponseException or HttpOperationException or HttpRequestException)
        {
            // As above.
        }

        return member;
    }

    /// <summary>The new chat as if the member had written in it, so the people directory keeps it like any other.</summary>
    private static Activity Seen(Activity created, ChannelAccount member, string? tenantId) => new()
    {
        Type = ActivityTypes.Event,
        Id = created.Id,
        ChannelId = created.ChannelId,
        ServiceUrl = created.ServiceUrl,
        From = member,
        Recipient = created.Recipient,
        Conversation = new ConversationAccount(id: created.Conversation.Id, tenantId: tenantId, conversationType: "personal"),
    };
}
