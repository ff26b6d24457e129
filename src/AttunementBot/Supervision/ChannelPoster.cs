using System.Runtime.ExceptionServices;
using AttunementBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>
/// Posts to and updates a group's channel without being asked: the bot continues the stored
/// channel conversation and sends through the Bot Connector. A failure reaches the caller, so
/// nobody is told a card was shared or withdrawn when the channel did not take it.
/// </summary>
public sealed class ChannelPoster(AttunementAdapter adapter, IConfiguration configuration)
{
    private string? AppId => configuration["MicrosoftAppId"];

    /// <returns>The id of the new post, for updating it later.</returns>
    public async Task<string?> PostAsync(ConversationReference channel, IActivity activity, CancellationToken cancellationToken)
    {
        string? id = null;
        await ContinueAsync(channel, async (turn, ct) => id = (await turn.SendActivityAsync(activity, ct))?.Id, cancellationToken);
        return id;
    }

    public Task UpdateAsync(ConversationReference channel, string activityId, IActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id = activityId;
        return ContinueAsync(channel, (turn, ct) => turn.UpdateActivityAsync(activity, ct), cancellationToken);
    }

    /// <summary>The channel could not be reached or refused the call (rather than a fault in the bot).</summary>
    public static bool IsChannelFailure(Exception failure) => failure is HttpRequestException
        or ErrorResponseException
        or Microsoft.Rest.HttpOperationException
        or TaskCanceledException
        or Polly.CircuitBreaker.BrokenCircuitException
        or Polly.Timeout.TimeoutRejectedException;

    private async Task ContinueAsync(ConversationReference channel, BotCallbackHandler work, CancellationToken cancellationToken)
    {
        // The adapter's turn-error handler would swallow a failure inside the callback; keep it and rethrow.
        ExceptionDispatchInfo? failure = null;
        await adapter.ContinueConversationAsync(
            AppId,
            channel,
            async (turn, ct) =>
            {
                try
                {
                    await work(turn, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            cancellationToken);
        failure?.Throw();
    }
}
