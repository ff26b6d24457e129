using System.Diagnostics.CodeAnalysis;

namespace AttunementBot.Reflection;

/// <summary>The steps, in order. A step's id in cards and data is its camelCase name ("repairSoFar").</summary>
public enum ReflectionStep
{
    Presence,
    Pulls,
    Misattunement,
    Moment,
    Lens,
    RepairSoFar,
    Forward,

    /// <summary>Asked first, only when the last reflection left something to follow up (last in the enum: stored sessions keep their numbers).</summary>
    FollowUp,
}

public enum ReflectionState
{
    /// <summary>Walking through the steps.</summary>
    Active,

    /// <summary>Left half-way and come back to: asked whether to continue or start over.</summary>
    AwaitingResume,

    /// <summary>The summary has been shown; repair language, start another and done still work.</summary>
    Finished,
}

/// <summary>
/// The persisted state of one reflection. Plain public get/set properties only, so it round-trips through
/// Newtonsoft.Json (Bot Builder state, TypeNameHandling.All) and System.Text.Json alike.
/// Null answers mean "not answered or skipped".
/// </summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Serialized state needs setters.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Serialized state: List<T> round-trips everywhere.")]
public sealed class ReflectionSession
{
    public int Version { get; set; } = 1;

    public string Id { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public ReflectionState State { get; set; }

    public ReflectionStep Step { get; set; }

    /// <summary>The field a typed answer goes to next (a field id of the current step).</summary>
    public string? Field { get; set; }

    public int? Presence { get; set; }

    public int? Settledness { get; set; }

    public List<Pull>? Pulls { get; set; }

    public string? PullOther { get; set; }

    public MisattunementNoticed? Misattunement { get; set; }

    public List<ClientCue>? Cues { get; set; }

    public string? CueOther { get; set; }

    public string? Moment { get; set; }

    public AttachmentLens? Lens { get; set; }

    public RepairSoFar? Repair { get; set; }

    public PermissionGiven? Permission { get; set; }

    public Pace? Pace { get; set; }

    public string? Intention { get; set; }

    /// <summary>The reflection this one follows up (see <see cref="ReflectionAnswers.FollowUp"/>); null when nothing was carried in.</summary>
    public string? FollowUpOf { get; set; }

    /// <summary>When that reflection was completed, for "last time, on ...".</summary>
    public DateTimeOffset? FollowUpOfDate { get; set; }

    /// <summary>Its repair so far when its moment was still open ("not yet" or "partly"); null when there is none to ask about.</summary>
    public RepairSoFar? FollowUpOfRepair { get; set; }

    /// <summary>Whether the repair question is asked (also true for a reopened summary, where <see cref="FollowUpOfRepair"/> isn't known).</summary>
    public bool FollowUpRepairOpen { get; set; }

    /// <summary>The intention carried in, shown at the start; kept in this session only, never saved with this reflection.</summary>
    public string? CarriedIntention { get; set; }

    public bool FollowUpHadIntention { get; set; }

    public RepairSince? RepairSince { get; set; }

    public ClientMet? ClientMet { get; set; }

    public IntentionCame? IntentionCame { get; set; }

    /// <summary>Free text refused as too long, kept so the person can shorten it.</summary>
    public string? DraftField { get; set; }

    public string? DraftText { get; set; }

    public bool CareNoteShown { get; set; }

    public bool RiskNoteShown { get; set; }

    /// <summary>How many times "more" was asked for repair language.</summary>
    public int RepairRound { get; set; }

    /// <summary>A finished reflection's live card is repair language (else the summary).</summary>
    public bool RepairShown { get; set; }

    /// <summary>The answers as the rest of the bot sees them (the moment and cues only when a misattunement was noticed).</summary>
    /// <summary>A finished session holding these answers, so answers saved to history read like a session.</summary>
    public static ReflectionSession FromAnswers(ReflectionAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return new ReflectionSession
        {
            State = ReflectionState.Finished,
            Presence = answers.Presence,
            Settledness = answers.Settledness,
            Pulls = answers.Pulls is null ? null : [.. answers.Pulls],
            PullOther = answers.PullOther,
            Misattunement = answers.Misattunement,
            Moment = answers.Moment,
            Cues = answers.Cues is null ? null : [.. answers.Cues],
            CueOther = answers.CueOther,
            Lens = answers.Lens,
            Repair = answers.Repair,
            Permission = answers.Permission,
            Intention = answers.Intention,
            Pace = answers.Pace,
            FollowUpOf = answers.FollowUp?.Of,
            FollowUpRepairOpen = answers.FollowUp?.RepairWasOpen ?? false,
            FollowUpHadIntention = answers.FollowUp?.HadIntention ?? false,
            RepairSince = answers.FollowUp?.Repair,
            ClientMet = answers.FollowUp?.ClientMet,
            IntentionCame = answers.FollowUp?.Intention,
        };
    }

    public ReflectionAnswers ToAnswers()
    {
        var noticed = Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;
        return new ReflectionAnswers
        {
            Presence = Presence,
            Settledness = Settledness,
            Pulls = Pulls is null ? null : [.. Pulls],
            PullOther = Pulls?.Contains(Pull.Other) == true ? PullOther : null,
            Misattunement = Misattunement,
            Moment = noticed ? Moment : null,
            Cues = noticed && Cues is not null ? [.. Cues] : null,
            CueOther = noticed && Cues?.Contains(ClientCue.Other) == true ? CueOther : null,
            Lens = Lens,
            Repair = Repair,
            Permission = Permission,
            Intention = Intention,
            Pace = Pace,
            FollowUp = FollowUpOf is null ? null : new FollowUp(FollowUpOf, FollowUpRepairOpen, FollowUpHadIntention)
            {
                Repair = FollowUpRepairOpen ? RepairSince : null,
                ClientMet = FollowUpRepairOpen && RepairSince is Reflection.RepairSince.Repaired or Reflection.RepairSince.Partly ? ClientMet : null,
                Intention = FollowUpHadIntention ? IntentionCame : null,
            },
        };
    }
}
