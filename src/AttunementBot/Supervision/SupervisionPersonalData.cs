using AttunementBot.Privacy;
using Microsoft.Bot.Builder;

namespace AttunementBot.Supervision;

/// <summary>A clinician's shared cards and group memberships, as personal data.</summary>
public sealed class SupervisionPersonalData(ISupervisionStore store, CardWithdrawal withdrawal) : IPersonalData
{
    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
    [
        new("sharedCards", (await store.SharedByAsync(personKey, cancellationToken)).Count),
        new("memberships", (await store.GroupsOfAsync(personKey, cancellationToken)).Count),
    ];

    /// <summary>Takes back every card still posted, then removes the cards and memberships.</summary>
    public async Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken)
    {
        foreach (var card in await store.SharedByAsync(personKey, cancellationToken))
        {
            if (card.Status == SharedCardStatus.Posted)
            {
                await withdrawal.WithdrawAsync(card, cancellationToken);
            }
        }

        await store.ForgetAsync(personKey, cancellationToken);
    }
}
