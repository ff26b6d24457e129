using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// A feature that answers some messages of its own: its commands and its cards' submits
/// (scheduling, supervision). The bot asks each in turn; the first that handles a message ends
/// the turn. A feature claims only what is clearly its own, so it never takes an answer meant
/// for a reflection in progress.
/// </summary>
public interface IMessageFeature
{
    /// <returns>True when the feature handled the message (and replied).</returns>
    Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken);
}
