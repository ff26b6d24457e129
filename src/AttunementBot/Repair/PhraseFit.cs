using System.Text.Json.Serialization;
using AttunementBot.Reflection;

namespace AttunementBot.Repair;

/// <summary>
/// When a phrase fits, as written in the data file. Every list present must match the answers;
/// a missing or empty list asks nothing. So a phrase that says "I was rushing" can only be offered
/// when rushing was among the pulls, and a phrase with no lists suits every reflection.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record PhraseFit(
    IReadOnlyList<MisattunementNoticed>? Misattunement,
    IReadOnlyList<RepairSoFar>? Repair,
    IReadOnlyList<Pull>? Pulls,
    IReadOnlyList<ClientCue>? Cues,
    IReadOnlyList<AttachmentLens>? Lenses)
{
    /// <summary>A phrase without conditions: the fallback that keeps every set complete.</summary>
    public bool IsUnconditional() =>
        IsEmpty(Misattunement) && IsEmpty(Repair) && IsEmpty(Pulls) && IsEmpty(Cues) && IsEmpty(Lenses);

    /// <summary>
    /// How specifically the phrase speaks to these answers: the number of conditions it meets,
    /// or null when any condition fails. More specific phrases are offered first.
    /// </summary>
    public int? Score(ReflectionAnswers answers)
    {
        var score = 0;
        foreach (var fits in new[]
        {
            MatchOne(Misattunement, answers.Misattunement),
            MatchOne(Repair, answers.Repair),
            MatchAny(Pulls, answers.Pulls),
            MatchAny(Cues, answers.Cues),
            MatchOne(Lenses, answers.Lens),
        })
        {
            if (fits is null)
            {
                return null;
            }

            score += fits.Value;
        }

        return score;
    }

    /// <summary>Every enum value named in the conditions, for validating the data file.</summary>
    public IEnumerable<Enum> Values() =>
        Enumerate(Misattunement).Concat(Enumerate(Repair)).Concat(Enumerate(Pulls)).Concat(Enumerate(Cues)).Concat(Enumerate(Lenses));

    // 0 = no condition, 1 = condition met, null = condition not met.
    private static int? MatchOne<T>(IReadOnlyList<T>? wanted, T? answer)
        where T : struct, Enum =>
        IsEmpty(wanted) ? 0 : answer is { } value && wanted!.Contains(value) ? 1 : null;

    private static int? MatchAny<T>(IReadOnlyList<T>? wanted, IReadOnlyList<T>? answers)
        where T : struct, Enum =>
        IsEmpty(wanted) ? 0 : answers is not null && answers.Any(wanted!.Contains) ? 1 : null;

    private static bool IsEmpty<T>(IReadOnlyList<T>? list) => list is null || list.Count == 0;

    private static IEnumerable<Enum> Enumerate<T>(IReadOnlyList<T>? list)
        where T : struct, Enum =>
        list?.Select(value => (Enum)value) ?? [];
}
