using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AttunementBot.Reflection;
using AttunementBot.Repair;

namespace AttunementBot.Tests.Repair;

/// <summary>
/// The data file <c>Repair/repair-phrases.json</c> keeps its promises, so that an edit by a clinician
/// (a typo in a condition, a missing principle, a phrase that grew too long) fails here and not in a chat.
/// </summary>
public sealed partial class RepairPhraseLibraryTests
{
    private static readonly PhraseLibrary Library = PhraseLibrary.LoadEmbedded();

    [Fact]
    public void The_library_loads_and_reports_no_problems()
    {
        Assert.Empty(PhraseLibrary.FindProblems(Library.Entries));
        Assert.True(Library.Entries.Count >= 40, $"only {Library.Entries.Count} phrases");
    }

    [Fact]
    public void Every_phrase_has_an_id_a_known_kind_a_text_and_a_principle()
    {
        Assert.All(Library.Entries, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Id));
            Assert.Contains(entry.Kind, RepairPhraseKinds.All);
            Assert.False(string.IsNullOrWhiteSpace(entry.Text), entry.Id);
            Assert.False(string.IsNullOrWhiteSpace(entry.Principle), entry.Id);
        });
    }

    [Fact]
    public void Ids_and_texts_are_unique()
    {
        Assert.Empty(Library.Entries.GroupBy(e => e.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(Library.Entries.GroupBy(e => e.Text, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_condition_names_a_real_enum_member()
    {
        // Names that are not members already fail to load; this catches numbers, which the reader also accepts.
        Assert.All(Library.Entries, entry =>
            Assert.All(entry.Fit().Values(), value => Assert.True(Enum.IsDefined(value.GetType(), value), $"{entry.Id}: {value}")));
    }

    [Theory]
    [InlineData("a member name", """{ "phrases": [ { "id": "x", "kind": "apology", "text": "I'm sorry.", "principle": "p", "fits": { "cues": [ "Angry" ] } } ] }""")]
    [InlineData("a condition name", """{ "phrases": [ { "id": "x", "kind": "apology", "text": "I'm sorry.", "principle": "p", "fits": { "cue": [ "AngryWithMe" ] } } ] }""")]
    [InlineData("the fits name", """{ "phrases": [ { "id": "x", "kind": "apology", "text": "I'm sorry.", "principle": "p", "fit": { "cues": [ "AngryWithMe" ] } } ] }""")]
    public void A_typo_in_a_condition_fails_to_load(string typoIn, string json)
    {
        _ = typoIn; // names the case in the test explorer

        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<PhraseLibraryFile>(json, options));
    }

    [Fact]
    public void A_number_for_an_enum_or_a_missing_kind_is_reported()
    {
        var entries = new List<PhraseEntry>
        {
            new("x", "apology", "I'm sorry.", "p", new PhraseFit(null, null, null, [(ClientCue)99], null)),
            new("x", "apologee", "I'm sorry.", "p", null),
        };

        var problems = PhraseLibrary.FindProblems(entries);

        Assert.Contains(problems, p => p.Contains("99", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("apologee", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("used 2 times", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'invitation' needs", StringComparison.Ordinal));
    }

    public static TheoryData<AttachmentLens?, string> LensesAndKinds()
    {
        var data = new TheoryData<AttachmentLens?, string>();
        foreach (var lens in Enum.GetValues<AttachmentLens>().Select(l => (AttachmentLens?)l).Prepend(null))
        {
            foreach (var kind in RepairPhraseKinds.All)
            {
                data.Add(lens, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LensesAndKinds))]
    public void Every_kind_has_at_least_two_phrases_for_every_lens(AttachmentLens? lens, string kind)
    {
        // Two, so a slot is never empty and "more" always has other words.
        Assert.True(Library.Candidates(kind, new ReflectionAnswers { Lens = lens }).Count >= 2);
    }

    [Theory]
    [InlineData(AttachmentLens.SafeHaven)]
    [InlineData(AttachmentLens.SecureBase)]
    [InlineData(AttachmentLens.ProximityMaintenance)]
    [InlineData(AttachmentLens.SeparationDistress)]
    public void Each_of_Bowlbys_four_points_has_its_own_words_for_the_main_kinds(AttachmentLens lens)
    {
        string[] kinds = [RepairPhraseKinds.Apology, RepairPhraseKinds.Invitation, RepairPhraseKinds.Permission, RepairPhraseKinds.CheckIn, RepairPhraseKinds.Welcome];
        Assert.All(kinds, kind => Assert.Contains(Library.Entries, e => e.Kind == kind && e.Fit().Lenses?.Contains(lens) == true));
    }

    [Fact]
    public void Every_text_is_short_plain_warm_first_person_and_blames_no_one()
    {
        Assert.All(Library.Entries, entry =>
        {
            Assert.True(PhraseRules.WordCount(entry.Text) <= PhraseRules.MaxWords, $"{entry.Id} has {PhraseRules.WordCount(entry.Text)} words");
            Assert.True(PhraseRules.IsFirstPerson(entry.Text), $"{entry.Id} is not first person");
            Assert.False(PhraseRules.ContainsAny(entry.Text, PhraseRules.Jargon), $"{entry.Id} uses jargon");
            Assert.False(PhraseRules.ContainsAny(entry.Text, PhraseRules.Blame), $"{entry.Id} blames");
            Assert.DoesNotContain('{', entry.Text); // never a slot for the clinician's private notes
            Assert.DoesNotContain('\u2019', entry.Text); // one apostrophe, so "I'm sorry" is always findable
        });
    }

    [Fact]
    public void Apologies_say_im_sorry_and_only_apologies_and_follow_ups_speak_of_sorry()
    {
        Assert.All(Library.Entries, entry =>
        {
            if (entry.Kind == RepairPhraseKinds.Apology)
            {
                Assert.Contains("I'm sorry", entry.Text, StringComparison.Ordinal);
            }
            else if (entry.Kind != RepairPhraseKinds.FollowUp)
            {
                Assert.DoesNotContain("sorry", entry.Text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("apolog", entry.Text, StringComparison.OrdinalIgnoreCase);
            }
        });
    }

    [Fact]
    public void A_first_permission_never_speaks_as_if_it_had_been_given_before()
    {
        Assert.All(
            Library.Entries.Where(e => e.Kind == RepairPhraseKinds.Permission),
            entry => Assert.False(PhraseRules.ContainsAny(entry.Text, PhraseRules.AlreadySaid), entry.Id));
    }

    [Fact]
    public void Only_apologies_follow_ups_and_invitations_look_back_at_the_moment()
    {
        // Check-ins and welcomes are offered when nothing was noticed: they must not hint that something went wrong.
        string[] lookingBack = ["drifted", "stepped away", "wasn't with you", "wasn't fully", "lost you"];
        Assert.All(
            Library.Entries.Where(e => e.Kind is RepairPhraseKinds.CheckIn or RepairPhraseKinds.Welcome),
            entry => Assert.False(PhraseRules.ContainsAny(entry.Text, lookingBack), entry.Id));
    }

    [Fact]
    public void Conditions_are_kept_only_where_the_words_need_them()
    {
        // "I was rushing" may only be said when rushing pulled the clinician away, and so on.
        (string words, Func<PhraseFit, bool> condition)[] needs =
        [
            ("rushing", fit => fit.Pulls?.Any(p => p is Pull.TimePressure or Pull.OwnStress) == true),
            ("plan", fit => fit.Pulls is { Count: > 0 } pulls && pulls.All(p => p is Pull.ApplyingProtocol or Pull.Assessing or Pull.TreatmentPlan or Pull.ChoosingPractice)),
            ("angry", fit => fit.Cues is { Count: > 0 } cues && cues.All(c => c is ClientCue.AngryWithMe or ClientCue.FocusedOnMyPresence)),
            ("anger", fit => fit.Cues is { Count: > 0 } cues && cues.All(c => c is ClientCue.AngryWithMe or ClientCue.FocusedOnMyPresence)),
            ("comfort", fit => fit.Cues?.Contains(ClientCue.SoughtComfort) == true),
            ("moved me", fit => fit.Pulls?.Contains(Pull.ClientTouchedMe) == true),
        ];

        foreach (var (words, condition) in needs)
        {
            Assert.All(
                Library.Entries.Where(e => e.Text.Contains(words, StringComparison.OrdinalIgnoreCase) && e.Kind != RepairPhraseKinds.Permission && e.Kind != RepairPhraseKinds.Renewal),
                entry => Assert.True(condition(entry.Fit()), $"{entry.Id} says '{words}' without the answer that makes it true"));
        }
    }

    [Fact]
    public void Every_principle_quotes_the_seed()
    {
        var seed = Normalise(File.ReadAllText(SeedPath()));
        Assert.All(Library.Entries, entry =>
            Assert.All(
                entry.Principle.Split("...", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                part => Assert.True(seed.Contains(Normalise(part), StringComparison.Ordinal), $"{entry.Id}: '{part}' is not in the seed")));
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim().ToUpperInvariant();

    /// <summary>The seed sits at the repo root: found from this source file, or from the test output folder.</summary>
    private static string SeedPath([CallerFilePath] string sourceFile = "")
    {
        const string seed = "seeds/safe-haven-and-misattunement.txt";
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, seed);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"Could not find {seed} above the tests.");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
