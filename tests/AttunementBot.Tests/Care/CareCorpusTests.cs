using AttunementBot.Common.Risk;
using AttunementBot.Tests.Reflection;

namespace AttunementBot.Tests.Care;

/// <summary>
/// The care-note corpus (care-notes.txt: risk notes of every kind and ordinary notes from trauma work, in clinicians'
/// own shorthand). Floors sit just under what the lexicon reaches, so a change that makes it hear less fails here.
/// The benchmark ("carenotes") prints the same figures.
/// </summary>
public class CareCorpusTests
{
    private const double RecallFloor = 0.99;
    private const double KindFloor = 0.97;
    private const double FalseNoteCeiling = 0.01;
    private const string Ordinary = "Ordinary";

    private static readonly IReadOnlyList<(string Kind, string Text)> Notes = Read();

    [Fact]
    public void TheCorpusIsBigEnoughAndCoversEveryKind()
    {
        Assert.True(Notes.Count(n => n.Kind != Ordinary) >= 150);
        Assert.True(Notes.Count(n => n.Kind == Ordinary) >= 100);
        Assert.Equal(Enum.GetNames<RiskKind>().Order(), Notes.Select(n => n.Kind).Where(k => k != Ordinary).Distinct().Order());
    }

    [Fact]
    public void RiskNotesBringTheNote()
    {
        var risk = Notes.Where(n => n.Kind != Ordinary).ToList();
        var missed = risk.Where(n => !RiskDetector.Shared.Touches(n.Text)).ToList();
        Assert.True(1.0 - ((double)missed.Count / risk.Count) >= RecallFloor, "Missed:\n" + string.Join('\n', missed.Select(n => $"{n.Kind}: {n.Text}")));
    }

    [Fact]
    public void EachKindIsHeard()
    {
        foreach (var kind in Enum.GetNames<RiskKind>())
        {
            var ofKind = Notes.Where(n => n.Kind == kind).ToList();
            var heard = ofKind.Count(n => RiskDetector.Shared.Touches(n.Text));
            Assert.True((double)heard / ofKind.Count >= KindFloor, $"{kind}: {heard} of {ofKind.Count}");
        }
    }

    [Fact]
    public void OrdinaryNotesStayQuiet()
    {
        var ordinary = Notes.Where(n => n.Kind == Ordinary).ToList();
        var noted = ordinary.Where(n => RiskDetector.Shared.Touches(n.Text)).ToList();
        Assert.True((double)noted.Count / ordinary.Count <= FalseNoteCeiling, "Brought the note:\n" + string.Join('\n', noted.Select(n => n.Text)));
    }

    private static List<(string Kind, string Text)> Read() =>
    [
        .. File.ReadLines(Path.Combine(ReflectionCardSamplesTests.RepoRoot(), "tests", "AttunementBot.Tests", "Care", "care-notes.txt"))
            .Where(line => !line.StartsWith('#') && line.Contains(" | ", StringComparison.Ordinal))
            .Select(line => line.Split(" | ", 2))
            .Select(parts => (parts[0].Trim(), parts[1].Trim())),
    ];
}
