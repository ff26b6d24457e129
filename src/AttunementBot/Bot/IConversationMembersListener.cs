using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// A feature that follows who is in a group conversation (a Teams team adding or removing
/// people). The bot tells every listener; one-to-one chats are the bot's own business.
/// </summary>
public interface IConversationMembersListener
{
    Task MembersAddedAsync(ITurnContext<IConversationUpdateActivity> turnContext, IReadOnlyList<ChannelAccount> members, CancellationToken cancellationToken);

    Task MembersRemovedAsync(ITurnContext<IConversationUpdateActivity> turnContext, IReadOnlyList<ChannelAccount> members, CancellationToken cancellationToken);
}
