using AttunementBot.Privacy;
using Microsoft.Bot.Builder;

namespace AttunementBot.Trends;

/// <summary>
/// A clinician's trends setting and digest opt-out, as personal data. The figures are a copy of the
/// reflections' choices (exported with the reflections); they are deleted with them, and here too.
/// </summary>
public sealed class TrendsPersonalData(TrendsStore store) : IPersonalData
{
    private const string Kind = "trendsSetting";

    public async Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken) =>
        await store.StoredSettingAsync(personKey, cancellationToken) is null ? [] : [new(Kind, 1)];

    public async Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken)
    {
        var stored = await store.StoredSettingAsync(personKey, cancellationToken);
        return [PersonalDataJson.Section(Kind, stored is { } s ? [new ExportedSetting(s.Setting.TrendsOff, s.Setting.DigestOptOut, s.UpdatedAt)] : Array.Empty<ExportedSetting>())];
    }

    public Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken) =>
        store.ForgetAsync(personKey, cancellationToken);

    private sealed record ExportedSetting(bool TrendsOff, bool DigestOptOut, DateTimeOffset ChangedAt);
}
