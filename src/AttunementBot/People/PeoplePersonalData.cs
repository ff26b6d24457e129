using AttunementBot.Privacy;
using Microsoft.Bot.Builder;

namespace AttunementBot.People;

/// <summary>How to reach a person and their time zone, as personal data.</summary>
public sealed class PeoplePersonalData(IPeopleDirectory people, RememberPeopleMiddleware remembered) : IPersonalData
{
    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
        [new("contact", await people.FindAsync(personKey, cancellationToken) is null ? 0 : 1)];

    public Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken)
    {
        remembered.Forget(personKey);
        return people.ForgetAsync(personKey, cancellationToken);
    }
}
