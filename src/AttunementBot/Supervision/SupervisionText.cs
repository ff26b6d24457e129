using AttunementBot.Common;

namespace AttunementBot.Supervision;

/// <summary>Everything the supervision feature says (supervision-text.json).</summary>
public sealed class SupervisionText() : PhraseBook("Supervision/supervision-text.json");
