namespace AttunementBot.Reflection;

/// <summary>
/// Repair language for the next session, as the reflection asks for it. Defined here and provided by Repair/, so the
/// reflection never depends on how phrases are chosen, and the phrase library depends only on the reflection's answers.
/// </summary>
public interface IRepairLanguage
{
    /// <summary>Exactly three phrases that belong together, the same for the same answers and round.</summary>
    /// <param name="answers">The reflection; any answer may be null (skipped).</param>
    /// <param name="round">0 for the first suggestion; 1, 2, … each time the clinician asks for more.</param>
    IReadOnlyList<RepairPhrase> Suggest(ReflectionAnswers answers, int round = 0);
}

/// <summary>
/// One suggested phrasing for the start of the next session.
/// </summary>
/// <param name="Id">Stable id from the phrase library (safe to log: it carries no reflection text).</param>
/// <param name="Kind">The phrase library's kind of phrase (an apology, an invitation back, a permission...), so a card can label or order it.</param>
/// <param name="Text">What the clinician might say, in their own first person.</param>
/// <param name="Principle">The seed line the phrase serves, quoted, for the clinician who wants the "why".</param>
public sealed record RepairPhrase(string Id, string Kind, string Text, string Principle);
