namespace AttunementBot.Reflection;

/// <summary>
/// The route through a reflection: which step comes after and before the current one, and which questions are asked.
/// The moment is asked only when a misattunement was noticed; an "other" box only when "Other" is chosen.
/// </summary>
internal static class StepOrder
{
    /// <summary>The step after the current one; null after the last (the summary follows).</summary>
    public static ReflectionStep? After(ReflectionSession s) => s.Step switch
    {
        ReflectionStep.FollowUp => ReflectionStep.Presence,
        ReflectionStep.Presence => ReflectionStep.Pulls,
        ReflectionStep.Pulls => ReflectionStep.Misattunement,
        ReflectionStep.Misattunement => Noticed(s) ? ReflectionStep.Moment : ReflectionStep.Lens,
        ReflectionStep.Moment => ReflectionStep.Lens,
        ReflectionStep.Lens => ReflectionStep.RepairSoFar,
        ReflectionStep.RepairSoFar => ReflectionStep.Forward,
        _ => null,
    };

    /// <summary>The step before the current one; null on the first.</summary>
    public static ReflectionStep? Before(ReflectionSession s) => s.Step switch
    {
        ReflectionStep.Presence => FollowsUp(s) ? ReflectionStep.FollowUp : null,
        ReflectionStep.Pulls => ReflectionStep.Presence,
        ReflectionStep.Misattunement => ReflectionStep.Pulls,
        ReflectionStep.Moment => ReflectionStep.Misattunement,
        ReflectionStep.Lens => Noticed(s) ? ReflectionStep.Moment : ReflectionStep.Misattunement,
        ReflectionStep.RepairSoFar => ReflectionStep.Lens,
        ReflectionStep.Forward => ReflectionStep.RepairSoFar,
        _ => null,
    };

    /// <summary>
    /// Where the current step stands on the route: its place and the route's length. The moment is on the route until
    /// the person says there was no misattunement (or passes that question by), so no two steps share a number.
    /// </summary>
    public static (int Number, int Total) Position(ReflectionSession s)
    {
        var withMoment = Noticed(s) || (s.Misattunement is null && s.Step is ReflectionStep.FollowUp or ReflectionStep.Presence or ReflectionStep.Pulls or ReflectionStep.Misattunement);
        ReflectionStep[] route = withMoment
            ? [ReflectionStep.Presence, ReflectionStep.Pulls, ReflectionStep.Misattunement, ReflectionStep.Moment, ReflectionStep.Lens, ReflectionStep.RepairSoFar, ReflectionStep.Forward]
            : [ReflectionStep.Presence, ReflectionStep.Pulls, ReflectionStep.Misattunement, ReflectionStep.Lens, ReflectionStep.RepairSoFar, ReflectionStep.Forward];
        var start = FollowsUp(s) ? 1 : 0;
        return (s.Step == ReflectionStep.FollowUp ? 1 : Array.IndexOf(route, s.Step) + 1 + start, route.Length + start);
    }

    /// <summary>Whether this reflection opens with the follow-up step.</summary>
    public static bool FollowsUp(ReflectionSession s) => s.FollowUpOf is not null;

    /// <summary>A follow-up field is on the card only when the last reflection left it something to ask about.</summary>
    public static bool Shown(ReflectionSession s, FieldDefinition field) => field.Needs switch
    {
        null => true,
        FieldNeeds.OpenRepair => s.FollowUpRepairOpen,
        FieldNeeds.CarriedIntention => s.FollowUpHadIntention,
        _ => false,
    };

    /// <summary>An "other" text box is asked (typed) only when its list has "Other" chosen; a follow-up field only when it applies.</summary>
    public static bool Asked(ReflectionSession s, FieldDefinition field) =>
        (field.OtherOf is null || SessionFields.Get(s, field.OtherOf).Contains("Other"))
        && Shown(s, field)
        && (field.AskedIf is null || SessionFields.Get(s, field.AskedIf.Field).Any(field.AskedIf.Values.Contains));

    private static bool Noticed(ReflectionSession s) => s.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;
}
