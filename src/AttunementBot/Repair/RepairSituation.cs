using AttunementBot.Reflection;

namespace AttunementBot.Repair;

/// <summary>
/// Where the clinician stands with repair after this session, so a card can frame the suggestions
/// in one line and the suggester knows which kinds of phrase belong together.
/// </summary>
public enum RepairSituation
{
    /// <summary>
    /// A moment was noticed (yes or not sure) and is not repaired yet (not yet, partly, or skipped).
    /// Also when the misattunement question was skipped but the clinician said repair is still to come.
    /// </summary>
    NoticedNotRepaired,

    /// <summary>A moment was noticed and the clinician already apologised in the session.</summary>
    NoticedRepaired,

    /// <summary>A moment was noticed and the clinician judged that no repair is needed.</summary>
    NoticedNoRepairNeeded,

    /// <summary>The clinician noticed no misattunement.</summary>
    NothingNoticed,

    /// <summary>The misattunement question was skipped and nothing says a repair is pending.</summary>
    NotAnswered,
}

/// <summary>Turns reflection answers into a <see cref="RepairSituation"/>.</summary>
internal static class RepairSituations
{
    public static RepairSituation Classify(ReflectionAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);

        // "No" is the clinician's own reading of the session: it wins over a contradictory repair answer,
        // so we never offer an apology for something they did not notice.
        if (answers.Misattunement == MisattunementNoticed.No)
        {
            return RepairSituation.NothingNoticed;
        }

        // A repair still to come implies a moment to repair, even when the question about it was skipped.
        if (answers.Repair is RepairSoFar.NotYet or RepairSoFar.Partly)
        {
            return RepairSituation.NoticedNotRepaired;
        }

        var noticed = answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;
        return answers.Repair switch
        {
            // An apology in the session also tells us there was a moment, whatever else was skipped.
            RepairSoFar.ApologisedInSession => RepairSituation.NoticedRepaired,
            RepairSoFar.NoneNeeded => noticed ? RepairSituation.NoticedNoRepairNeeded : RepairSituation.NotAnswered,

            // Noticed, repair question skipped: "we take every opportunity to repair", so treat it as open.
            _ => noticed ? RepairSituation.NoticedNotRepaired : RepairSituation.NotAnswered,
        };
    }

    /// <summary>
    /// The three kinds of phrase that make one coherent set. The last slot is the permission phrase
    /// when permission was not given (or skipped), and a renewal only when it was.
    /// </summary>
    public static IReadOnlyList<string> KindsFor(RepairSituation situation, PermissionGiven? permission)
    {
        var permissionKind = permission == PermissionGiven.Yes ? RepairPhraseKinds.Renewal : RepairPhraseKinds.Permission;
        return situation switch
        {
            RepairSituation.NoticedNotRepaired => [RepairPhraseKinds.Apology, RepairPhraseKinds.Invitation, permissionKind],
            RepairSituation.NoticedRepaired => [RepairPhraseKinds.FollowUp, RepairPhraseKinds.CheckIn, permissionKind],
            _ => [RepairPhraseKinds.CheckIn, RepairPhraseKinds.Welcome, permissionKind],
        };
    }
}
