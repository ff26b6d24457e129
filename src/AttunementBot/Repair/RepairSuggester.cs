using System.Diagnostics.CodeAnalysis;
using AttunementBot.Reflection;

namespace AttunementBot.Repair;

/// <summary>
/// Suggests three phrasings a clinician could use at the start of the next session, shaped by the
/// reflection: a responsible apology and an invitation back where a moment is still unrepaired,
/// permission to say "you weren't with me" where it has not been given, a gentle check-in otherwise.
/// Stateless after construction, so one instance can serve every conversation (register as a singleton).
/// </summary>
public sealed class RepairSuggester : IRepairLanguage
{
    private readonly PhraseLibrary library;

    /// <summary>Loads and checks the embedded phrase library once.</summary>
    /// <exception cref="InvalidOperationException">The data file is missing or breaks its rules.</exception>
    public RepairSuggester()
        : this(PhraseLibrary.LoadEmbedded())
    {
    }

    internal RepairSuggester(PhraseLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        this.library = library;
    }

    /// <summary>Where the clinician stands with repair; cards use it for a one-line framing.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the injected service, so callers depend on the suggester only.")]
    public RepairSituation Classify(ReflectionAnswers answers) => RepairSituations.Classify(answers);

    /// <summary>
    /// Exactly three phrases that belong together, the same for the same answers and round.
    /// </summary>
    /// <param name="answers">The reflection; any answer may be null (skipped).</param>
    /// <param name="round">0 for the first suggestion; 1, 2, … each time the clinician asks for more.
    /// Each round moves every slot to its next-best phrase and wraps around when the fitting
    /// phrases run out, so there is always an answer.</param>
    public IReadOnlyList<RepairPhrase> Suggest(ReflectionAnswers answers, int round = 0)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentOutOfRangeException.ThrowIfNegative(round);

        var kinds = RepairSituations.KindsFor(RepairSituations.Classify(answers), answers.Permission);
        return kinds.Select(kind => Pick(kind, answers, round)).ToList();
    }

    private RepairPhrase Pick(string kind, ReflectionAnswers answers, int round)
    {
        var candidates = library.Candidates(kind, answers);
        return candidates[round % candidates.Count].ToPhrase();
    }
}
