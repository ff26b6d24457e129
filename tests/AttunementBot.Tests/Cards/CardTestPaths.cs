using System.Reflection;

namespace AttunementBot.Tests.Cards;

/// <summary>Where the card tests find the repository's files (set at build time from MSBuild's RepoRoot).</summary>
internal static class CardTestPaths
{
    public static string RepoRoot { get; } =
        typeof(CardTestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly has no RepoRoot metadata; see the card-validator ItemGroup in AttunementBot.Tests.csproj.");

    /// <summary>The templates as the host sees them: cards/ copied beside the assembly.</summary>
    public static string CardsFolder => Path.Combine(AppContext.BaseDirectory, "cards");

    public static string SamplesFolder => Path.Combine(RepoRoot, "tests", "AttunementBot.Tests", "Cards", "samples");

    public static string ValidatorFolder => Path.Combine(RepoRoot, "tests", "card-validator");
}
