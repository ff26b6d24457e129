using System.Reflection;
using AttunementBot.Supervision.Deidentification;
using Xunit.Abstractions;

namespace AttunementBot.Tests.Supervision.Deidentification.Corpus;

/// <summary>
/// The held-out batches (Corpus/HeldOut): sentences written before the rules were tuned, so each batch's first score
/// is the honest estimate for text never seen; a batch a later round tuned on says so in its header. Each batch is held to issue 10's targets, or to a
/// floor just under what it reached where a target is not yet met (said beside the floor).
/// </summary>
public sealed class HeldOutDeidentificationTests(ITestOutputHelper output)
{
    private static readonly string Folder = DeidentificationCorpus.Folder(
        typeof(HeldOutDeidentificationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!);

    public static TheoryData<string> Batches() => [.. DeidentificationCorpus.HeldOut(Folder).Select(b => b.Name)];

    [Fact]
    public void There_are_three_batches_big_enough_to_say_something()
    {
        var batches = DeidentificationCorpus.HeldOut(Folder);
        Assert.True(batches.Count >= 3, $"{batches.Count} held-out batches");
        Assert.All(batches, b => Assert.True(b.Marked.Count >= 75 && b.Clean.Count >= 25, $"{b.Name}: {b.Marked.Count} marked, {b.Clean.Count} clean"));
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Names_places_and_organisations_are_removed(string batch)
    {
        var score = Print(batch);
        Assert.True(score.RecallOf("NPO") >= Floors(batch).Recall, $"{batch}: names, places and organisations {score.RecallOf("NPO"):P1}");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void No_structured_identifier_leaks(string batch)
    {
        var leaks = Print(batch).StructuredLeaks;
        Assert.True(leaks <= Floors(batch).Leaks, $"{batch}: {leaks} structured identifiers leaked");
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Clean_sentences_keep_their_words(string batch)
    {
        var score = Print(batch);
        Assert.True(score.OverRemovalPerTen <= Floors(batch).OverRemoval, $"{batch}: {score.OverRemovalPerTen:F2} words removed per ten clean sentences");
    }

    // Issue 10's targets: at least 97 % of names, places and organisations, no structured leak, at most one word per
    // ten clean sentences. Batch 2 reached 95.3 %, 1 leak and 2.31 per ten on 2026-12-01; it has since been partly tuned
    // on (its leak and its three over-removals were the deid3 brief's examples) and reaches 95.3 %, 0 and 0.00, so its
    // recall floor stays at what it reached and the others are the targets. Batch 3, written before the deid3 pass
    // changed any rule and scored once before and once after, reached 97.5 % (the target), 2 structured leaks and 1.52
    // per ten (short of the targets); the lead then mended one of its leaks from issue 10's own pattern (a weekday with
    // a day of the month, "Thursday 23rd"), so it is tuned on by one and leaks 1. The deid4 pass then mended its last
    // leak and its over-removals, tuned on it and on batch 4 (written fresh before that pass: 98.6 %, 12 leaks and 3.45
    // per ten before, 100 %, 0 and 0.17 after), so both are held to the targets. Batch 5, written fresh before any later
    // pass and scored once on 2026-12-01, reached 93.3 %, 8 structured leaks and 1.41 per ten (short of all three
    // targets). The deid6 round then tuned on it, mending each miss by generalising its pattern (100 %, 0 and 0.00 after),
    // so it is no longer an unseen estimate and is held to the targets like batches 3 and 4. Batch 6, written without
    // sight of these rules and scored once after that round, reached 97.2 % (the target), 15 structured leaks and 5.93
    // per ten (51 words in 86 sentences, nearly all words of other languages and chat shorthand), so its recall is held
    // to the target and its leaks and over-removal to what it reached. The deid7 round then tuned on it, generalising each
    // miss (other languages' everyday words, chat shorthand, rural, French, Indian and South African addresses, spelled
    // and dotted dates, spelled phones, service-word organisations): 98.4 %, 0 and 0.00 after, so it is held to the
    // targets like batches 3 to 5. Batch 7, written without sight of the rules and never tuned on, was scored before the
    // deid7 round (97.1 %, 4 leaks, 3.68 per ten) and after it (96.4 %, 3 leaks, 2.89 per ten: short of all three
    // targets). The deid8 round then tuned on it, generalising each miss (words of many more languages, theorists and
    // titles, compounds, Māori and Pacific given names, names in brackets-aside positions, "X North" places and towns that
    // are words by position, organisations that begin in other languages, court file numbers, spelled e-mails with
    // country codes, link-in-bio hosts): 100 %, 0 and 0.00 after, so it is held to the targets like batches 3 to 6.
    // Batch 8, written without sight of the rules while that round was built and never tuned on, was scored before it
    // (96.1 %, 7 leaks, 6.05 per ten) and after it (97.9 %, the target; 6 leaks and 2.79 per ten, short of the targets),
    // which is the current unseen estimate. The lead then mended its six structured leaks and its quoted phrase from the
    // general forms they stand for (97.9 %, 0 and 2.56 after), so it is tuned on for those: its recall and leaks are held to
    // the targets and its over-removal to what it reached.
    private static (double Recall, int Leaks, double OverRemoval) Floors(string batch) => batch switch
    {
        "batch-2" => (0.95, 0, 1.0),
        "batch-8" => (0.97, 0, 2.60),
        _ => (0.97, 0, 1.0),
    };

    private CorpusScore Print(string batch)
    {
        var (_, marked, clean) = DeidentificationCorpus.HeldOut(Folder).Single(b => b.Name == batch);
        var score = DeidentificationCorpus.Score(new Deidentifier(), marked, clean);
        output.WriteLine($"{batch}: names {score.Recall('N'):P1}, places {score.Recall('P'):P1}, organisations {score.Recall('O'):P1}, "
            + $"structured leaks {score.StructuredLeaks}, {score.OverRemovalPerTen:F2} removed per ten clean");
        foreach (var line in score.Leaks.Concat(score.OverRemovals))
        {
            output.WriteLine(line);
        }

        return score;
    }
}
