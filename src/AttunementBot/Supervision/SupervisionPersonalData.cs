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

    /// <summary>Each shared card exactly as posted, with its group and how the group received it.</summary>
    public async Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken)
    {
        var groups = (await store.AllGroupsAsync(cancellationToken)).ToDictionary(g => g.Id, g => g.Name);
        var cards = (await store.SharedByAsync(personKey, cancellationToken)).Select(c => new
        {
            c.Id,
            Group = groups.GetValueOrDefault(c.GroupId),
            c.Status,
            c.PostedAt,
            Card = c.Content,
            c.Acknowledgements,
            c.DiscussionRequestedAt,
            c.DiscussedAt,
            c.PeerReflections,
        });
        var memberships = (await store.GroupsOfAsync(personKey, cancellationToken)).Select(g => new { Group = g.Name });
        return [PersonalDataJson.Section("sharedCards", cards), PersonalDataJson.Section("memberships", memberships)];
    }

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
