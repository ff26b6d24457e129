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
        var withMoment = Noticed(s) || (s.Misattunement is null && s.Step is ReflectionStep.Presence or ReflectionStep.Pulls or ReflectionStep.Misattunement);
        ReflectionStep[] route = withMoment
            ? [ReflectionStep.Presence, ReflectionStep.Pulls, ReflectionStep.Misattunement, ReflectionStep.Moment, ReflectionStep.Lens, ReflectionStep.RepairSoFar, ReflectionStep.Forward]
            : [ReflectionStep.Presence, ReflectionStep.Pulls, ReflectionStep.Misattunement, ReflectionStep.Lens, ReflectionStep.RepairSoFar, ReflectionStep.Forward];
        return (Array.IndexOf(route, s.Step) + 1, route.Length);
    }

    /// <summary>An "other" text box is asked (typed) only when its list has "Other" chosen.</summary>
    public static bool Asked(ReflectionSession s, FieldDefinition field) =>
        field.OtherOf is null || SessionFields.Get(s, field.OtherOf).Contains("Other");

    private static bool Noticed(ReflectionSession s) => s.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;
}
