using AttunementBot.Common.Risk;
using AttunementBot.Tests.Reflection;

namespace AttunementBot.Tests.Care;

/// <summary>
/// The held-out batches (Care/HeldOut): notes written fresh before a tuning pass and scored before and after it. The
/// newest batch is the honest estimate for notes never seen; older ones have since been generalised from. Each batch
/// is held to issue 15's targets (at least 90 % of risk notes bring the note, at least 80 % of ordinary notes stay
/// quiet), or where a batch falls short, to a floor at what it reached, so a change that loses ground fails.
/// </summary>
public class HeldOutCareNotesTests
{
    // Every batch is held to the 90 % target. Batch 2 heard 79 of 89 (88.8 %) when fresh and was held at 0.88; the
    // risk3 pass generalised from its misses, so it now hears 89 of 89 but is partly tuned on. Batch 3, written fresh
    // before the risk3 pass, went from 92 of 115 (80.0 %) to 112 of 115 (97.4 %): past the target, so the target is
    // its floor.
    private const double RecallFloor = 0.90;

    private const double QuietFloor = 0.80;
    private const string Ordinary = "Ordinary";

    public static TheoryData<string> Batches() => [.. BatchNames()];

    private static IEnumerable<string> BatchNames() =>
        Directory.GetFiles(Folder, "batch-*.txt").Order(StringComparer.Ordinal).Select(path => Path.GetFileNameWithoutExtension(path));

    private static string Folder => Path.Combine(ReflectionCardSamplesTests.RepoRoot(), "tests", "AttunementBot.Tests", "Care", "HeldOut");

    [Fact]
    public void There_are_two_batches_in_every_kind()
    {
        var batches = BatchNames().Select(Read).ToList();
        Assert.True(batches.Count >= 2);
        Assert.All(batches, notes =>
        {
            Assert.True(notes.Count(n => n.Kind != Ordinary) >= 75 && notes.Count(n => n.Kind == Ordinary) >= 75);
            Assert.Equal(Enum.GetNames<RiskKind>().Order(), notes.Select(n => n.Kind).Where(k => k != Ordinary).Distinct().Order());
        });
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Risk_notes_bring_the_note(string batch)
    {
        var risk = Read(batch).Where(n => n.Kind != Ordinary).ToList();
        var missed = risk.Where(n => !RiskDetector.Shared.Touches(n.Text)).ToList();
        Assert.True(1.0 - ((double)missed.Count / risk.Count) >= RecallFloor, $"{batch} missed {missed.Count} of {risk.Count}:\n" + string.Join('\n', missed.Select(n => $"{n.Kind}: {n.Text}")));
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Ordinary_notes_stay_quiet(string batch)
    {
        var ordinary = Read(batch).Where(n => n.Kind == Ordinary).ToList();
        var noted = ordinary.Where(n => RiskDetector.Shared.Touches(n.Text)).ToList();
        Assert.True(1.0 - ((double)noted.Count / ordinary.Count) >= QuietFloor, $"{batch} brought the note on {noted.Count} of {ordinary.Count}:\n" + string.Join('\n', noted.Select(n => n.Text)));
    }

    private static List<(string Kind, string Text)> Read(string batch) =>
    [
        .. File.ReadLines(Path.Combine(Folder, batch + ".txt"))
            .Where(line => !line.StartsWith('#') && line.Contains(" | ", StringComparison.Ordinal))
            .Select(line => line.Split(" | ", 2))
            .Select(parts => (parts[0].Trim(), parts[1].Trim())),
    ];
}
