using AttunementBot.Reflection;
using Microsoft.Bot.Builder;

namespace AttunementBot.Privacy;

/// <summary>A clinician's completed reflections, as personal data.</summary>
public sealed class ReflectionHistoryPersonalData(IReflectionHistory history) : IPersonalData
{
    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
        [new("reflections", await history.CountAsync(personKey, cancellationToken))];

    public async Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken) =>
        [PersonalDataJson.Section("reflections", await history.RecentAsync(personKey, int.MaxValue, cancellationToken))];

    public Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken) =>
        history.DeleteAllAsync(personKey, cancellationToken);
}
