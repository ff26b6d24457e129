using AttunementBot.Bot;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>
/// Posts to and updates a group's channel without being asked: the bot continues the stored
/// channel conversation and sends through the Bot Connector.
/// </summary>
public sealed class ChannelPoster(AttunementAdapter adapter, IConfiguration configuration)
{
    private string? AppId => configuration["MicrosoftAppId"];

    /// <returns>The id of the new post, for updating it later.</returns>
    public async Task<string?> PostAsync(ConversationReference channel, IActivity activity, CancellationToken cancellationToken)
    {
        string? id = null;
        await adapter.ContinueConversationAsync(
            AppId,
            channel,
            async (turn, ct) => id = (await turn.SendActivityAsync(activity, ct))?.Id,
            cancellationToken);
        return id;
    }

    public Task UpdateAsync(ConversationReference channel, string activityId, IActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id = activityId;
        return adapter.ContinueConversationAsync(AppId, channel, (turn, ct) => turn.UpdateActivityAsync(activity, ct), cancellationToken);
    }
}
