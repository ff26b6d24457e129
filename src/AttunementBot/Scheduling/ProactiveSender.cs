using AttunementBot.Bot;
using AttunementBot.Common;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>Posts one activity into a stored conversation, without being asked.</summary>
public interface IProactiveSender
{
    Task<SendOutcome> SendAsync(ConversationReference reference, IActivity activity, CancellationToken cancellationToken);
}

/// <summary>Proactive sends through the bot's own adapter, as every reply the bot posts (<see cref="ChannelSends"/>).</summary>
public sealed class AdapterProactiveSender(AttunementAdapter adapter, IConfiguration configuration, TimeProvider clock) : IProactiveSender
{
    public async Task<SendOutcome> SendAsync(ConversationReference reference, IActivity activity, CancellationToken cancellationToken)
    {
        var (_, outcome) = await ChannelSends.SendAsync(adapter, configuration["MicrosoftAppId"] ?? string.Empty, reference, [activity], clock, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a proactive turn that <paramref name="turn"/> starts, and classifies what
    /// went wrong, inside the turn or around it. The adapter's turn-error handler would swallow an exception
    /// thrown inside the callback, so it is caught here instead.
    /// </summary>
    internal static async Task<SendOutcome> CaptureAsync(Func<BotCallbackHandler, Task> turn, BotCallbackHandler work, TimeProvider clock, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await turn(async (context, token) =>
            {
                try
                {
                    await work(context, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    failure = ex;
                }
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure ??= ex;
        }

        return failure is null ? SendOutcome.Sent : SendOutcome.Classify(failure, clock.GetUtcNow());
    }
}
