using AttunementBot.Reflection;

namespace AttunementBot.Trends;

/// <summary>
/// The choices of one completed reflection that trends and digests count: no free text at all, so they can
/// be kept unencrypted and counted in SQL.
/// </summary>
public sealed record ReflectionFigures(
    string Id,
    DateTimeOffset CompletedAt,
    int? Presence,
    int? Settledness,
    IReadOnlyList<Pull> Pulls,
    bool Noticed,
    bool Repaired)
{
    public static ReflectionFigures From(CompletedReflection reflection)
    {
        ArgumentNullException.ThrowIfNull(reflection);
        var answers = reflection.Answers;
        var noticed = answers.Misattunement == MisattunementNoticed.Yes;
        return new ReflectionFigures(
            reflection.Id,
            reflection.CompletedAt,
            InRange(answers.Presence),
            InRange(answers.Settledness),
            [.. (answers.Pulls ?? []).Distinct()],
            noticed,
            noticed && answers.Repair == RepairSoFar.ApologisedInSession);
    }

    private static int? InRange(int? value) => value is >= 1 and <= 5 ? value : null;
}

/// <summary>One reflection as a digest counts it: whose (never shown), and its choices.</summary>
public sealed record CountedReflection(string OwnerKey, int? Presence, bool Noticed, bool Repaired, IReadOnlyList<string> Pulls);

/// <summary>A clinician's own choices about trends and the team digest.</summary>
public sealed record TrendsSetting(bool TrendsOff, bool DigestOptOut)
{
    public static readonly TrendsSetting Default = new(false, false);
}
