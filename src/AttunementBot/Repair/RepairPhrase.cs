namespace AttunementBot.Repair;

/// <summary>
/// One suggested phrasing for the start of the next session.
/// </summary>
/// <param name="Id">Stable id from the phrase library (safe to log: it carries no reflection text).</param>
/// <param name="Kind">One of <see cref="RepairPhraseKinds"/>, so a card can label or order it.</param>
/// <param name="Text">What the clinician might say, in their own first person.</param>
/// <param name="Principle">The seed line the phrase serves, quoted, for the clinician who wants the "why".</param>
public sealed record RepairPhrase(string Id, string Kind, string Text, string Principle);
