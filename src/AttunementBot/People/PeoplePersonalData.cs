using AttunementBot.Privacy;
using Microsoft.Bot.Builder;

namespace AttunementBot.People;

/// <summary>How to reach a person and their time zone, as personal data.</summary>
public sealed class PeoplePersonalData(IPeopleDirectory people, RememberPeopleMiddleware remembered) : IPersonalData
{
    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
        [new("contact", await people.FindAsync(personKey, cancellationToken) is null ? 0 : 1)];

    public async Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(personKey, cancellationToken);
        var contact = person is null ? [] : new[]
        {
            new { person.ChannelId, person.UserId, person.AadObjectId, person.DisplayName, person.TenantId, person.TimeZone, person.TimeZoneSetByPerson, person.LastSeenAt, Conversation = person.Reference.Conversation?.Id },
        };
        return [PersonalDataJson.Section("contact", contact)];
    }

    public Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken)
    {
        remembered.Forget(personKey);
        return people.ForgetAsync(personKey, cancellationToken);
    }
}
