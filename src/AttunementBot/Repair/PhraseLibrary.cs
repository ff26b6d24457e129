using System.Text.Json.Serialization;
using AttunementBot.Common;
using AttunementBot.Reflection;

namespace AttunementBot.Repair;

/// <summary>One phrase as written in <c>repair-phrases.json</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record PhraseEntry(string Id, string Kind, string Text, string Principle, PhraseFit? Fits)
{
    /// <summary>
    /// The conditions, never null. A method, not a property: the reader would quietly match a JSON key
    /// spelt "fit" to a property of that name, even an ignored one, instead of reporting the typo.
    /// </summary>
    public PhraseFit Fit() => Fits ?? PhraseLibrary.NoConditions;

    public RepairPhrase ToPhrase() => new(Id, Kind, Text, Principle);
}

/// <summary>The shape of <c>repair-phrases.json</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record PhraseLibraryFile(IReadOnlyList<PhraseEntry> Phrases);

/// <summary>
/// The repair phrase library, loaded and checked once. The words live in the data file so that
/// clinicians can review and extend them without reading C#.
/// </summary>
internal sealed class PhraseLibrary
{
    public const string ResourcePath = "Repair/repair-phrases.json";

    /// <summary>
    /// Unconditional phrases each kind must keep: one to never leave a slot empty, and a second
    /// so that "more" always offers different words.
    /// </summary>
    public const int MinimumUnconditionalPerKind = 2;

    public static readonly PhraseFit NoConditions = new(null, null, null, null, null);

    private readonly Dictionary<string, PhraseEntry[]> byKind;

    public PhraseLibrary(IReadOnlyList<PhraseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = FindProblems(entries);
        if (problems.Count > 0)
        {
            // Fail at start-up rather than show a clinician half a suggestion.
            throw new InvalidOperationException($"{ResourcePath} is not valid:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }

        Entries = entries;
        byKind = entries.GroupBy(entry => entry.Kind, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<PhraseEntry> Entries { get; }

    public static PhraseLibrary LoadEmbedded() => new(EmbeddedData.Load<PhraseLibraryFile>(ResourcePath).Phrases ?? []);

    /// <summary>
    /// The phrases of one kind that fit the answers, best fit first; ties keep the file's order.
    /// Never empty: every kind has unconditional phrases (checked when loading).
    /// </summary>
    public IReadOnlyList<PhraseEntry> Candidates(string kind, ReflectionAnswers answers) =>
        byKind[kind]
            .Select(entry => (entry, score: entry.Fit().Score(answers)))
            .Where(candidate => candidate.score is not null)
            .OrderByDescending(candidate => candidate.score) // OrderBy is stable, so file order breaks ties.
            .Select(candidate => candidate.entry)
            .ToList();

    /// <summary>Checks the data file's promises; an empty list means valid.</summary>
    public static IReadOnlyList<string> FindProblems(IReadOnlyList<PhraseEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = new List<string>();
        foreach (var (entry, index) in entries.Select((entry, index) => (entry, index)))
        {
            var name = string.IsNullOrWhiteSpace(entry?.Id) ? $"phrase #{index + 1}" : $"phrase '{entry.Id}'";
            if (entry is null)
            {
                problems.Add($"{name} is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(entry.Id) || string.IsNullOrWhiteSpace(entry.Text) || string.IsNullOrWhiteSpace(entry.Principle))
            {
                problems.Add($"{name} needs an id, a text and a principle.");
            }

            if (!RepairPhraseKinds.All.Contains(entry.Kind, StringComparer.Ordinal))
            {
                problems.Add($"{name} has unknown kind '{entry.Kind}'.");
            }

            // The JSON reader also accepts numbers for enums; a number that names no member is a typo.
            problems.AddRange(entry.Fit().Values()
                .Where(value => !Enum.IsDefined(value.GetType(), value))
                .Select(value => $"{name} names no {value.GetType().Name} member with '{value}'."));
        }

        problems.AddRange(entries.Where(entry => entry?.Id is not null)
            .GroupBy(entry => entry.Id, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => $"id '{group.Key}' is used {group.Count()} times."));

        problems.AddRange(RepairPhraseKinds.All
            .Where(kind => entries.Count(entry => entry?.Kind == kind && entry.Fit().IsUnconditional()) < MinimumUnconditionalPerKind)
            .Select(kind => $"kind '{kind}' needs at least {MinimumUnconditionalPerKind} phrases without conditions."));

        return problems;
    }
}
