using System.Globalization;
using System.Text;
using AttunementBot.Supervision.Deidentification;
using Xunit.Abstractions;

namespace AttunementBot.Tests.Supervision.Deidentification;

/// <summary>
/// The de-identifier against the table of realistic reflection sentences: recall per kind of identifier (caught by a
/// redaction of any kind, and of the right kind) and over-redaction (sentences without identifiers left unchanged,
/// words removed that were not planted). The table is printed, so a change in the numbers is visible in the log.
/// </summary>
public sealed class DeidentifierRecallTests(ITestOutputHelper output)
{
    private static readonly Deidentifier Deidentifier = new();

    private static readonly IdentifierKind[] StructuredKinds =
    [
        IdentifierKind.Date, IdentifierKind.Age, IdentifierKind.Phone, IdentifierKind.Fax, IdentifierKind.Email, IdentifierKind.Url,
        IdentifierKind.IpAddress, IdentifierKind.SocialSecurityNumber, IdentifierKind.MedicalRecordNumber, IdentifierKind.HealthPlanNumber,
        IdentifierKind.AccountNumber, IdentifierKind.LicenceNumber, IdentifierKind.VehicleIdentifier, IdentifierKind.DeviceIdentifier,
        IdentifierKind.ZipCode,
    ];

    [Fact]
    public void The_table_is_big_enough_and_plants_every_kind_several_times()
    {
        var cases = DeidentificationCases.All;
        Assert.True(cases.Count >= 200, $"only {cases.Count} sentences");
        Assert.True(cases.Count(c => c.Identifiers.Count == 0) >= 30, "fewer than 30 sentences without identifiers");
        foreach (var kind in Enum.GetValues<IdentifierKind>())
        {
            Assert.True(cases.Sum(c => c.Identifiers.Count(i => i.Kind == kind)) >= 5, $"{kind} is planted fewer than 5 times");
        }

        // Every planted text really is in its sentence.
        Assert.All(cases, c => Assert.All(c.Identifiers, i => Assert.NotEmpty(DeidentificationCases.Occurrences(c.Sentence, i.Text))));
    }

    [Fact]
    public void Recall_per_kind_and_over_redaction_meet_the_bar()
    {
        var planted = new Dictionary<IdentifierKind, (int Total, int Caught, int RightKind)>();
        var misses = new List<string>();
        var wrongKinds = new List<string>();
        var falsePositives = new List<string>();
        int cleanSentences = 0, cleanUnchanged = 0, cleanWords = 0, wordsWronglyRemoved = 0;

        foreach (var testCase in DeidentificationCases.All)
        {
            var result = Deidentifier.Deidentify(testCase.Sentence);
            var plantedRanges = new List<(int Start, int End)>();
            foreach (var identifier in testCase.Identifiers)
            {
                var (total, caught, right) = planted.GetValueOrDefault(identifier.Kind);
                var occurrences = DeidentificationCases.Occurrences(testCase.Sentence, identifier.Text).ToList();
                plantedRanges.AddRange(occurrences);
                var isCaught = occurrences.All(o => Covered(result, o.Start, o.End, kind: null));
                var isRight = occurrences.All(o => Covered(result, o.Start, o.End, identifier.Kind));
                planted[identifier.Kind] = (total + 1, caught + (isCaught ? 1 : 0), right + (isRight ? 1 : 0));
                if (!isCaught)
                {
                    misses.Add($"{identifier.Kind} \"{identifier.Text}\": {result.Text}");
                }
                else if (!isRight)
                {
                    wrongKinds.Add($"{identifier.Kind} \"{identifier.Text}\" tagged {string.Join("/", result.Redactions.Where(r => r.Start < occurrences[0].End && occurrences[0].Start < r.End).Select(r => r.Kind))}");
                }
            }

            // Redactions that touch no planted identifier removed words that were fine to keep.
            foreach (var redaction in result.Redactions.Where(r => !plantedRanges.Any(p => r.Start < p.End && p.Start < r.End)))
            {
                wordsWronglyRemoved += WordCount(redaction.Original);
                falsePositives.Add($"{redaction.Kind} \"{redaction.Original}\" in: {testCase.Sentence}");
            }

            if (testCase.Identifiers.Count == 0)
            {
                cleanSentences++;
                cleanWords += WordCount(testCase.Sentence);
                cleanUnchanged += result.HasRedactions ? 0 : 1;
            }
        }

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"kind",-22} {"planted",7} {"caught",7} {"recall",7} {"right kind",10}");
        foreach (var kind in Enum.GetValues<IdentifierKind>())
        {
            var (total, caught, right) = planted.GetValueOrDefault(kind);
            table.AppendLine(CultureInfo.InvariantCulture, $"{kind,-22} {total,7} {caught,7} {Percent(caught, total),7} {Percent(right, total),10}");
        }

        var all = planted.Values.Aggregate((Total: 0, Caught: 0, Right: 0), (sum, v) => (sum.Total + v.Total, sum.Caught + v.Caught, sum.Right + v.RightKind));
        table.AppendLine(CultureInfo.InvariantCulture, $"{"all",-22} {all.Total,7} {all.Caught,7} {Percent(all.Caught, all.Total),7} {Percent(all.Right, all.Total),10}");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Sentences without identifiers left unchanged: {cleanUnchanged}/{cleanSentences} ({Percent(cleanUnchanged, cleanSentences)}), {cleanWords} words");
        table.AppendLine(CultureInfo.InvariantCulture, $"Redactions touching no planted identifier (all sentences): {falsePositives.Count}, {wordsWronglyRemoved} words");
        AppendList(table, "Missed", misses);
        AppendList(table, "Caught under another kind", wrongKinds);
        AppendList(table, "Removed but not planted", falsePositives);
        output.WriteLine(table.ToString());

        foreach (var kind in StructuredKinds)
        {
            var (total, caught, _) = planted.GetValueOrDefault(kind);
            Assert.True(caught == total, $"{kind}: {caught}/{total} caught; structured identifiers must all be caught");
        }

        AssertRecall(planted, IdentifierKind.Name, 0.90);
        AssertRecall(planted, IdentifierKind.Place, 0.85);
        AssertRecall(planted, IdentifierKind.Organisation, 0.85);
        Assert.True(cleanUnchanged >= 0.90 * cleanSentences, $"only {cleanUnchanged}/{cleanSentences} sentences without identifiers were left unchanged");
    }

    [Fact]
    public void No_table_sentence_keeps_a_text_that_was_removed_and_a_second_pass_changes_nothing()
    {
        Assert.All(DeidentificationCases.All, testCase =>
        {
            var first = Deidentifier.Deidentify(testCase.Sentence);
            foreach (var redaction in first.Redactions.Where(r => r.Original.Length >= 3))
            {
                Assert.Empty(DeidentificationCases.Occurrences(first.Text, redaction.Original));
            }

            var second = Deidentifier.Deidentify(first.Text);
            Assert.Equal(first.Text, second.Text);
            Assert.Empty(second.Redactions);
        });
    }

    private static bool Covered(DeidentifiedText result, int start, int end, IdentifierKind? kind)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsWhiteSpace(result.Original[i]))
            {
                continue;
            }

            if (!result.Redactions.Any(r => r.Start <= i && i < r.End && (kind is null || r.Kind == kind)))
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertRecall(Dictionary<IdentifierKind, (int Total, int Caught, int RightKind)> planted, IdentifierKind kind, double bar)
    {
        var (total, caught, _) = planted.GetValueOrDefault(kind);
        Assert.True(total > 0 && caught >= bar * total, $"{kind}: recall {caught}/{total} is below {bar:P0}");
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static void AppendList(StringBuilder table, string title, List<string> lines)
    {
        table.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title} ({lines.Count}):");
        foreach (var line in lines)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
        }
    }
}
