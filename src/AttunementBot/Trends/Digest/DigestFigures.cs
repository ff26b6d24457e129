namespace AttunementBot.Trends.Digest;

/// <summary>Why a digest shows what it shows.</summary>
public enum DigestState
{
    /// <summary>Three or more people were counted: the figures that pass the rules are shown.</summary>
    Shown,

    /// <summary>Fewer than three people were counted: nothing is shown.</summary>
    TooFew,

    /// <summary>The people counted changed by one or two since the week before: comparing could point to them, so nothing is shown.</summary>
    CohortChanged,
}

/// <summary>A count that is shown, or null where it is held back.</summary>
public sealed record DigestCell(string Key, int? Count);

/// <summary>What a group's digest of one week shows: counts only, each built from at least <see cref="DigestRules.K"/> people, or nothing.</summary>
public sealed record DigestFigures(
    DigestState State,
    int? Reflections,
    IReadOnlyList<DigestCell> Presence,
    int? Noticed,
    int? Repaired,
    IReadOnlyList<DigestCell> Pulls,
    int? ReflectionsChange,
    int? NoticedChange)
{
    public static DigestFigures Nothing(DigestState state) => new(state, null, [], null, null, [], null, null);
}

/// <summary>
/// The k-anonymity rules of the team digest (k = 3), as one pure function so they are easy to read and test:
/// <list type="bullet">
/// <item>fewer than three people counted this week: nothing at all;</item>
/// <item>the people counted differ from last week's by one or two (joined, left, opted out, or stopped
/// reflecting): nothing, because this week's counts against last week's would be their counts;</item>
/// <item>each cell (a presence band, a pull, noticed, repaired) is shown only when three or more people are
/// in it, and a partition's held-back cells together hold none or three or more people, so the total minus
/// the shown cells never gives one or two people's count (more cells are held back until that holds);</item>
/// <item>differences from last week only when both weeks were shown with the same people counted.</item>
/// </list>
/// </summary>
public static class DigestRules
{
    public const int K = 3;

    public static readonly string[] PresenceBands = ["present", "between", "less", "unanswered"];

    /// <summary>How many pulls the digest names at most.</summary>
    private const int TopPulls = 3;

    /// <param name="previousCohort">How many people the previous week's digest counted when it was composed (null: none was).</param>
    public static DigestFigures Compute(IReadOnlyList<CountedReflection> week, IReadOnlyList<CountedReflection> previousWeek, int? previousCohort)
    {
        ArgumentNullException.ThrowIfNull(week);
        ArgumentNullException.ThrowIfNull(previousWeek);
        var people = week.Select(r => r.OwnerKey).ToHashSet(StringComparer.Ordinal);
        if (people.Count < K)
        {
            return DigestFigures.Nothing(DigestState.TooFew);
        }

        var before = previousWeek.Select(r => r.OwnerKey).ToHashSet(StringComparer.Ordinal);
        var changed = people.Count + before.Count - (2 * people.Intersect(before).Count());
        var changedSincePosted = previousCohort is { } posted ? Math.Abs(posted - before.Count) : 0;
        if (IsSmall(changed) || IsSmall(changedSincePosted))
        {
            return DigestFigures.Nothing(DigestState.CohortChanged);
        }

        var figures = Shown(week);
        if (before.Count >= K && changed == 0 && changedSincePosted == 0)
        {
            var last = Shown(previousWeek);
            figures = figures with
            {
                ReflectionsChange = figures.Reflections - last.Reflections,
                NoticedChange = figures.Noticed - last.Noticed,
            };
        }

        return figures;
    }

    private static DigestFigures Shown(IReadOnlyList<CountedReflection> week)
    {
        var presence = Partition(week, r => Band(r.Presence), PresenceBands);
        var noticed = Partition(week, r => r.Noticed ? "noticed" : "not", ["noticed", "not"]);
        var noticedCount = noticed.Single(c => c.Key == "noticed").Count;
        int? repaired = null;
        if (noticedCount is not null)
        {
            var ofNoticed = week.Where(r => r.Noticed).ToList();
            repaired = Partition(ofNoticed, r => r.Repaired ? "repaired" : "not", ["repaired", "not"]).Single(c => c.Key == "repaired").Count;
        }

        var pulls = week
            .SelectMany(r => r.Pulls.Distinct(StringComparer.Ordinal).Select(p => (Pull: p, r.OwnerKey)))
            .GroupBy(p => p.Pull, StringComparer.Ordinal)
            .Where(g => g.Select(p => p.OwnerKey).Distinct(StringComparer.Ordinal).Count() >= K)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(TopPulls)
            .Select(g => new DigestCell(g.Key, g.Count()))
            .ToList();
        return new DigestFigures(DigestState.Shown, week.Count, presence, noticedCount, repaired, pulls, null, null);
    }

    /// <summary>
    /// Counts per cell of a partition of the reflections, holding back cells of fewer than K people, and then
    /// more (the smallest shown first) until the held-back cells together hold no one or at least K people.
    /// </summary>
    private static List<DigestCell> Partition(IReadOnlyList<CountedReflection> reflections, Func<CountedReflection, string> cellOf, IReadOnlyList<string> cells)
    {
        var byCell = cells.ToDictionary(
            c => c,
            c => reflections.Where(r => cellOf(r) == c).ToList(),
            StringComparer.Ordinal);
        int PeopleIn(IEnumerable<string> keys) => keys.SelectMany(k => byCell[k]).Select(r => r.OwnerKey).Distinct(StringComparer.Ordinal).Count();

        var held = cells.Where(c => byCell[c].Count > 0 && PeopleIn([c]) < K).ToHashSet(StringComparer.Ordinal);
        while (IsSmall(PeopleIn(held)))
        {
            var next = cells.Where(c => !held.Contains(c) && byCell[c].Count > 0).OrderBy(c => PeopleIn([c])).ThenBy(c => byCell[c].Count).FirstOrDefault();
            if (next is null)
            {
                break;
            }

            held.Add(next);
        }

        return [.. cells.Select(c => new DigestCell(c, held.Contains(c) ? null : byCell[c].Count))];
    }

    private static string Band(int? presence) => presence switch
    {
        >= 4 => "present",
        3 => "between",
        >= 1 => "less",
        _ => "unanswered",
    };

    /// <summary>One or two people: few enough to be singled out.</summary>
    private static bool IsSmall(int people) => people is > 0 and < K;
}
