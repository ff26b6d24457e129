using System.Reflection;
using AttunementBot.Supervision.Deidentification;
using Xunit.Abstractions;

namespace AttunementBot.Tests.Supervision.Deidentification.Corpus;

/// <summary>
/// The de-identifier on the corpus of informal notes: recall per kind and over-removal on clean clinical notes,
/// against floors set just under what it reaches, so a change that loses ground fails. The figures are printed.
/// </summary>
public sealed class DeidentificationCorpusTests(ITestOutputHelper output)
{
    private static readonly string Folder = DeidentificationCorpus.Folder(
        typeof(DeidentificationCorpusTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!);

    private static readonly Lazy<CorpusScore> Score = new(() =>
        DeidentificationCorpus.Score(new Deidentifier(), DeidentificationCorpus.Identifiers(Folder), DeidentificationCorpus.Clean(Folder)));

    [Fact]
    public void The_corpus_is_big_enough()
    {
        var marked = DeidentificationCorpus.Identifiers(Folder);
        Assert.True(marked.Count >= 300, $"only {marked.Count} notes with identifiers");
        Assert.True(DeidentificationCorpus.Clean(Folder).Count >= 60, "fewer than 60 clean notes");
        Assert.All("NPODAHET", kind => Assert.True(marked.Sum(n => n.Identifiers.Count(i => i.Kind == kind)) >= 5, $"{kind} is marked fewer than 5 times"));
    }

    [Fact]
    public void Names_places_and_organisations_are_removed_above_the_floor()
    {
        var score = Print();
        Assert.True(score.Recall('N') >= NameFloor, $"names {score.Recall('N'):P1}");
        Assert.True(score.Recall('P') >= PlaceFloor, $"places {score.Recall('P'):P1}");
        Assert.True(score.Recall('O') >= OrganisationFloor, $"organisations {score.Recall('O'):P1}");
    }

    [Fact]
    public void Structured_identifiers_leak_no_more_than_the_floor()
    {
        var score = Print();
        Assert.True(score.StructuredLeaks <= StructuredLeakCeiling, $"{score.StructuredLeaks} structured identifiers leaked");
    }

    [Fact]
    public void Clean_clinical_notes_keep_their_words()
    {
        var score = Print();
        Assert.True(score.OverRemovalPerTen <= OverRemovalCeiling, $"{score.OverRemovalPerTen:F2} words removed per ten clean notes");
    }

    // Floors just under what the de-identifier reaches on this corpus today.
    // Reached on 2026-12-01 (deid3, after identifiers-5 and -6 and 82 clean notes of named approaches, tools, services,
    // theorists and chat were added): names 99.7 %, places 94.2 % (a town at the start of a sentence before a service,
    // "Derby CAMHS", still stays), organisations 91.4 %, 0 structured leaks, 0.33 per ten (surnames of theorists named
    // alone, "Hesse", "Stern", "Allen", still go: a surname alone is removed unless a word about their work follows).
    // After deid6 (tuned on held-out batch 5): names 99.7 %, places 96.2 %, organisations 92.2 %, 0 leaks, 0.07 per ten.
    private const double NameFloor = 0.99;
    private const double PlaceFloor = 0.96;
    private const double OrganisationFloor = 0.92;
    private const int StructuredLeakCeiling = 0;
    private const double OverRemovalCeiling = 0.10;

    private CorpusScore Print()
    {
        var score = Score.Value;
        foreach (var (kind, (planted, removed)) in score.PerKind.OrderBy(k => k.Key))
        {
            output.WriteLine($"{CorpusScore.KindNames[kind],-24} {removed,4}/{planted,-4} {score.Recall(kind),7:P1}");
        }

        output.WriteLine($"over-removal: {score.CleanWordsRemoved} words in {score.CleanNotes} clean notes ({score.OverRemovalPerTen:F2} per ten)");
        foreach (var line in score.Leaks.Concat(score.OverRemovals))
        {
            output.WriteLine(line);
        }

        return score;
    }
}
