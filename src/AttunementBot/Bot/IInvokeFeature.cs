using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// A feature that answers some invoke activities of its own (Teams' typeahead search of a card's
/// <c>Data.Query</c>, <c>fileConsent/invoke</c>). The bot asks each in turn; the first answer is the invoke's response.
/// </summary>
public interface IInvokeFeature
{
    /// <returns>The response, or null when the invoke is not this feature's.</returns>
    Task<InvokeResponse?> TryHandleAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken);
}
