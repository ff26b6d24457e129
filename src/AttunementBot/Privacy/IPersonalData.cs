using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;

namespace AttunementBot.Privacy;

/// <summary>
/// One feature's share of what the bot keeps about a person, so a clinician can see all of it, take
/// a copy of it, and have all of it forgotten. Every feature that stores something about a person
/// implements this.
/// </summary>
public interface IPersonalData
{
    /// <summary>What is kept, as (phrase key in privacy-text.json "kinds", count); zero counts are left out.</summary>
    Task<IReadOnlyList<PersonalDataCount>> CountAsync(string personKey, CancellationToken cancellationToken);

    /// <summary>Everything kept, as the person would want a copy of it: one section per kind, empty ones included.</summary>
    Task<IReadOnlyList<PersonalDataSection>> ExportAsync(string personKey, CancellationToken cancellationToken);

    /// <summary>Removes everything this feature keeps about the person (undoing anything it posted on their behalf).</summary>
    Task ForgetAsync(ITurnContext turnContext, string personKey, CancellationToken cancellationToken);
}

public sealed record PersonalDataCount(string Kind, int Count);

/// <param name="Kind">The same phrase key as in <see cref="PersonalDataCount"/> ("reflections", "schedules", …).</param>
/// <param name="Items">One JSON object per record, with readable names.</param>
public sealed record PersonalDataSection(string Kind, JsonArray Items);
