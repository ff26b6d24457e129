using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AttunementBot.Supervision.Deidentification;

namespace AttunementBot.Tests.Supervision.Deidentification;

/// <summary>One identifier planted in a test sentence: its kind and its exact text.</summary>
public sealed record PlantedIdentifier(IdentifierKind Kind, string Text);

/// <summary>One sentence of the table, with the identifiers planted in it (none for the over-redaction set).</summary>
public sealed record DeidentificationCase(string Group, string Sentence, IReadOnlyList<PlantedIdentifier> Identifiers);

/// <summary>The sentence table in <c>deidentification-cases.json</c>, beside this file.</summary>
public static class DeidentificationCases
{
    public const string FileName = "deidentification-cases.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<IReadOnlyList<DeidentificationCase>> Loaded = new(Load);

    public static IReadOnlyList<DeidentificationCase> All => Loaded.Value;

    /// <summary>Where a planted text occurs in its sentence (at word boundaries), as [start, end) ranges.</summary>
    public static IEnumerable<(int Start, int End)> Occurrences(string sentence, string text)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(text);
        for (var at = sentence.IndexOf(text, StringComparison.Ordinal); at >= 0; at = sentence.IndexOf(text, at + 1, StringComparison.Ordinal))
        {
            var end = at + text.Length;
            var startsWord = at == 0 || !char.IsLetterOrDigit(sentence[at - 1]) || !char.IsLetterOrDigit(text[0]);
            var endsWord = end == sentence.Length || !char.IsLetterOrDigit(sentence[end]) || !char.IsLetterOrDigit(text[^1]);
            if (startsWord && endsWord)
            {
                yield return (at, end);
            }
        }
    }

    private static IReadOnlyList<DeidentificationCase> Load()
    {
        using var stream = File.OpenRead(FindFile());
        var file = JsonSerializer.Deserialize<CasesFile>(stream, Options) ?? throw new InvalidOperationException($"{FileName} is empty.");
        return file.Cases;
    }

    // Copied beside the tests when the project copies it; otherwise read from the repository (RepoRoot metadata).
    private static string FindFile()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Supervision", "Deidentification", FileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        var repoRoot = typeof(DeidentificationCases).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value
            ?? throw new InvalidOperationException($"{FileName} is not beside the tests and the assembly has no RepoRoot metadata.");
        return Path.Combine(repoRoot, "tests", "AttunementBot.Tests", "Supervision", "Deidentification", FileName);
    }

    private sealed record CasesFile(IReadOnlyList<DeidentificationCase> Cases);
}
