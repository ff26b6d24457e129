using System.Diagnostics;
using System.Text.RegularExpressions;
using AttunementBot.Benchmarks.Reporting;
using AttunementBot.Common.Risk;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.CareNotes;

/// <summary>
/// The risk note on the care-note corpus (tests/AttunementBot.Tests/Care/care-notes.txt): how many risk notes of
/// each kind bring it, how many ordinary notes do (false notes), and the time per note, beside the single word
/// list the bot used before the lexicon.
/// </summary>
public static class CareNotesBenchmark
{
    // The word list before issue 15, kept here only as the baseline to compare against.
    private static readonly Regex Before = new(
        @"\b(suicid\w*|kill(ing|ed|s)? (him|her|them|my|your|our)sel(f|ves)|end(ing|ed)? (his|her|their|my) (own )?life|want(s|ed)? to die|"
        + @"not want(ing)? to (live|be alive)|self[- ]?harm\w*|self[- ]?injur\w*|cutting|overdos\w*|hurt(ing|s)? (him|her|them|my)sel(f|ves)|abus\w*|"
        + @"violen\w*|assault\w*|rap(e|ed|ing)|molest\w*|threat(en|ened|ening|s)? to (kill|hurt|harm)|domestic violence|weapon\w*)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static BenchmarkSection Run(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var notes = Corpus.Read(Path.Combine(RunOptions.RepoRoot, "tests", "AttunementBot.Tests", "Care", "care-notes.txt"));
        var detector = RiskDetector.Shared;
        var built = Stopwatch.StartNew();
        var compiled = new RiskDetector(RiskLexicon.Default, compiled: true);
        var buildMs = built.Elapsed.TotalMilliseconds;
        var section = new BenchmarkSection("carenotes", "Care notes: risk heard in clinicians' shorthand");
        section.Line($"{notes.Count(n => n.Kind != Corpus.Ordinary)} risk notes and {notes.Count(n => n.Kind == Corpus.Ordinary)} ordinary notes from "
            + "`tests/AttunementBot.Tests/Care/care-notes.txt`; \"brings the note\" is `RiskDetector.Touches`. Before = the single word list used until issue 15.").Line();

        var rows = new List<IReadOnlyList<string>>();
        var recall = new Dictionary<string, double>();
        foreach (var kind in notes.Select(n => n.Kind).Distinct().Where(k => k != Corpus.Ordinary))
        {
            var ofKind = notes.Where(n => n.Kind == kind).ToList();
            var heard = ofKind.Count(n => detector.Touches(n.Text));
            recall[kind] = (double)heard / ofKind.Count;
            rows.Add([kind, $"{heard} of {ofKind.Count}", Percent(recall[kind]), Percent((double)ofKind.Count(n => Before.IsMatch(n.Text)) / ofKind.Count)]);
        }

        var risk = notes.Where(n => n.Kind != Corpus.Ordinary).ToList();
        var ordinary = notes.Where(n => n.Kind == Corpus.Ordinary).ToList();
        var riskHeard = risk.Count(n => detector.Touches(n.Text));
        var falseNotes = ordinary.Count(n => detector.Touches(n.Text));
        rows.Add(["all risk notes", $"{riskHeard} of {risk.Count}", Percent((double)riskHeard / risk.Count), Percent((double)risk.Count(n => Before.IsMatch(n.Text)) / risk.Count)]);
        rows.Add(["ordinary notes with a note (false notes)", $"{falseNotes} of {ordinary.Count}", Percent((double)falseNotes / ordinary.Count), Percent((double)ordinary.Count(n => Before.IsMatch(n.Text)) / ordinary.Count)]);
        section.Table(["kind", "brought the note", "now", "before"], rows);

        var texts = notes.Select(n => n.Text).ToArray();
        var quiet = notes.Where(n => n.Kind == Corpus.Ordinary).Select(n => n.Text).ToArray();
        var quietMs = PerNote(quiet, t => detector.Touches(t));
        var lexicon = PerNote(texts, t => detector.Touches(t));
        var ahead = PerNote(texts, t => compiled.Touches(t));
        var baseline = PerNote(texts, t => Before.IsMatch(t));
        section.Line($"Time per note (one thread, warmed up, {texts.Length} notes × {Rounds} rounds): lexicon {N(lexicon * 1000, 1)} µs as the bot runs it (interpreted), "
            + $"{N(ahead * 1000, 1)} µs compiled (but {N(buildMs, 0)} ms to build, on a first turn); the old word list {N(baseline * 1000, 1)} µs "
            + $"(lexicon ÷ word list {N(lexicon / baseline, 1)}×). A reflection reads at most four free-text answers. "
            + $"Ordinary notes alone (most typed answers touch nothing): {N(quietMs * 1000, 1)} µs a note.");

        // Held-out batches: written before tuning, never tuned on; the honest figure for notes never seen.
        var heldOutRows = new List<IReadOnlyList<string>>();
        foreach (var path in Directory.GetFiles(Path.Combine(RunOptions.RepoRoot, "tests", "AttunementBot.Tests", "Care", "HeldOut"), "batch-*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var batch = Corpus.Read(path);
            var batchRisk = batch.Where(n => n.Kind != Corpus.Ordinary).ToList();
            var batchOrdinary = batch.Where(n => n.Kind == Corpus.Ordinary).ToList();
            var batchHeard = batchRisk.Count(n => detector.Touches(n.Text));
            var batchQuiet = batchOrdinary.Count(n => !detector.Touches(n.Text));
            var perKind = string.Join(", ", batchRisk.GroupBy(n => n.Kind).Select(g => $"{g.Key} {g.Count(n => detector.Touches(n.Text))}/{g.Count()}"));
            heldOutRows.Add([name, $"{batchHeard} of {batchRisk.Count}", Percent((double)batchHeard / batchRisk.Count), $"{batchQuiet} of {batchOrdinary.Count}", Percent((double)batchQuiet / batchOrdinary.Count), perKind]);
            section.Figures[$"heldOut.{name}.recall"] = (double)batchHeard / batchRisk.Count;
            section.Figures[$"heldOut.{name}.quiet"] = (double)batchQuiet / batchOrdinary.Count;
            if (options.ShowMisses)
            {
                foreach (var note in batch.Where(n => detector.Touches(n.Text) == (n.Kind == Corpus.Ordinary)))
                {
                    section.Line($"- {name} {note.Kind}: {note.Text}");
                }
            }
        }

        section.Line().Line("Held-out batches (tests/AttunementBot.Tests/Care/HeldOut, written before tuning and never tuned on):");
        section.Table(["batch", "risk notes heard", "recall", "ordinary notes quiet", "quiet", "per kind"], heldOutRows);

        if (options.ShowMisses)
        {
            section.Line().Line("Misses (corpus notes, invented):");
            foreach (var note in notes.Where(n => detector.Touches(n.Text) == (n.Kind == Corpus.Ordinary)))
            {
                section.Line($"- {note.Kind}: {note.Text}");
            }
        }

        section.Figures["recallByKind"] = recall;
        section.Figures["recall"] = (double)riskHeard / risk.Count;
        section.Figures["falseNoteRate"] = (double)falseNotes / ordinary.Count;
        section.Figures["microsecondsPerNote"] = lexicon * 1000;
        section.Figures["microsecondsPerOrdinaryNote"] = quietMs * 1000;
        section.Figures["microsecondsPerNoteCompiled"] = ahead * 1000;
        section.Figures["microsecondsPerNoteBefore"] = baseline * 1000;
        section.Figures["buildMilliseconds"] = buildMs;
        return section;
    }

    private const int Rounds = 50;

    /// <summary>Milliseconds per note, after a warm-up round.</summary>
    private static double PerNote(string[] texts, Func<string, bool> hear)
    {
        var heard = 0;
        foreach (var text in texts)
        {
            heard += hear(text) ? 1 : 0;
        }

        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var text in texts)
            {
                heard += hear(text) ? 1 : 0;
            }
        }

        GC.KeepAlive(heard);
        return clock.Elapsed.TotalMilliseconds / (Rounds * texts.Length);
    }

    private static string Percent(double share) => N(share * 100, 1) + "%";

    private sealed record Note(string Kind, string Text);

    private static class Corpus
    {
        public const string Ordinary = "Ordinary";

        public static List<Note> Read(string path) =>
        [
            .. File.ReadLines(path)
                .Where(line => line.Contains(" | ", StringComparison.Ordinal) && !line.StartsWith('#'))
                .Select(line => line.Split(" | ", 2))
                .Select(parts => new Note(parts[0].Trim(), parts[1].Trim())),
        ];
    }
}
