namespace AttunementBot.Reflection;

/// <summary>What pulled the clinician out of receptive presence (seed: protocol, assessing, formulating, choosing a practice).</summary>
public enum Pull
{
    ApplyingProtocol,
    Assessing,
    TreatmentPlan,
    ChoosingPractice,
    OwnStress,
    TimePressure,
    ClientTouchedMe,
    StayedPresent,
    Other,
}

public enum MisattunementNoticed
{
    Yes,
    NotSure,
    No,
}

/// <summary>What the client showed around the moment.</summary>
public enum ClientCue
{
    Withdrew,
    AngryWithMe,
    FocusedOnMyPresence,
    WantedMoreFaster,
    SoughtComfort,
    WatchedMyResponse,
    Other,
}

/// <summary>Bowlby's four points, as the seed names them, plus "not sure".</summary>
public enum AttachmentLens
{
    SafeHaven,
    SecureBase,
    ProximityMaintenance,
    SeparationDistress,
    NotSure,
}

public enum RepairSoFar
{
    ApologisedInSession,
    Partly,
    NotYet,
    NoneNeeded,
}

public enum PermissionGiven
{
    Yes,
    NotYet,
}

public enum Pace
{
    ClientsPace,
    FeltRushed,
}

/// <summary>Since the last reflection's moment: whether there was a chance to repair it (seed: reattunement, "I'm sorry").</summary>
public enum RepairSince
{
    Repaired,
    Partly,
    NotYet,
    DifferentClient,
}

/// <summary>How the client met the repair.</summary>
public enum ClientMet
{
    CameCloser,
    TookItIn,
    StillHurt,
    HardToTell,
}

/// <summary>Whether the intention carried in from last time came into the session.</summary>
public enum IntentionCame
{
    Yes,
    Partly,
    NotThisTime,
}

/// <summary>
/// The opening of a reflection that follows one with a moment not yet repaired, or an intention: ids and
/// choices only, never the earlier reflection's words (deleting that one leaves nothing of it here).
/// </summary>
/// <param name="Of">The id of the reflection followed up.</param>
/// <param name="RepairWasOpen">Whether its moment was still to repair ("not yet" or "partly"), so the question was asked.</param>
/// <param name="HadIntention">Whether it carried an intention in, so that question was asked.</param>
public sealed record FollowUp(string Of, bool RepairWasOpen, bool HadIntention)
{
    public RepairSince? Repair { get; init; }

    public ClientMet? ClientMet { get; init; }

    public IntentionCame? Intention { get; init; }
}

/// <summary>
/// One reflection's answers. Null means "not answered or skipped": every step can be skipped,
/// so every consumer must cope with any field being null.
/// </summary>
public sealed record ReflectionAnswers
{
    /// <summary>1–5: how present the clinician felt with the client.</summary>
    public int? Presence { get; init; }

    /// <summary>1–5: how settled and safe the clinician felt in themselves.</summary>
    public int? Settledness { get; init; }

    public IReadOnlyList<Pull>? Pulls { get; init; }

    public string? PullOther { get; init; }

    public MisattunementNoticed? Misattunement { get; init; }

    /// <summary>The moment in a few words. Private free text.</summary>
    public string? Moment { get; init; }

    public IReadOnlyList<ClientCue>? Cues { get; init; }

    public string? CueOther { get; init; }

    public AttachmentLens? Lens { get; init; }

    public RepairSoFar? Repair { get; init; }

    public PermissionGiven? Permission { get; init; }

    /// <summary>One intention for the next session. Private free text.</summary>
    public string? Intention { get; init; }

    public Pace? Pace { get; init; }

    /// <summary>Set when this reflection opened by following up the one before.</summary>
    public FollowUp? FollowUp { get; init; }
}
