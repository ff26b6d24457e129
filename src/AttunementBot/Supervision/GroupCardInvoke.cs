using System.Text.Json.Nodes;
using AttunementBot.Bot;
using AttunementBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Supervision;

/// <summary>
/// Teams' Universal Actions on a group card (<c>adaptiveCard/action</c>): a press, or the card asking for the
/// presser's own view (its <c>refresh</c>). The answer is the card as that person now sees it, or a short message.
/// Only the supervision feature's own cards are claimed; every other card's invoke is left to the rest of the bot.
/// </summary>
public sealed class GroupCardInvoke(GroupReview review) : IInvokeFeature
{
    public const string InvokeName = "adaptiveCard/action";

    private const string CardResponseType = "application/vnd.microsoft.card.adaptive";
    private const string MessageResponseType = "application/vnd.microsoft.activity.message";

    public async Task<InvokeResponse?> TryHandleAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name != InvokeName
            || activity.Value is not JObject value
            || value["action"]?["data"] is not JObject data
            || (string?)data["flow"] != SupervisionFeature.FlowName)
        {
            return null;
        }

        // Teams puts the card's inputs (a peer's reflection) into the action's data beside the template's own.
        var submitted = JsonNode.Parse(data.ToString(Newtonsoft.Json.Formatting.None)) as JsonObject ?? [];
        var action = (string?)data["action"] ?? (string?)value["action"]?["verb"];
        var answer = await review.ActAsync(turnContext, action, submitted, cancellationToken);
        return new InvokeResponse
        {
            Status = 200,
            Body = answer.Card is { } card
                ? new JObject { ["statusCode"] = 200, ["type"] = CardResponseType, ["value"] = ChannelRenderer.ToCardValue(card) }
                : new JObject { ["statusCode"] = 200, ["type"] = MessageResponseType, ["value"] = SafeText.Plain(answer.Words ?? string.Empty) },
        };
    }
}
