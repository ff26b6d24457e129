using AttunementBot.Bot;
using AttunementBot.Common;
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
}
