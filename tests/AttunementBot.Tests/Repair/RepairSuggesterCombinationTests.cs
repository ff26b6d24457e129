using AttunementBot.Reflection;
using AttunementBot.Repair;

namespace AttunementBot.Tests.Repair;

/// <summary>
/// Every combination of the answers that steer repair language, each asked for three rounds:
/// whatever a clinician answers or skips, the set of three keeps every promise.
/// </summary>
public sealed class RepairSuggesterCombinationTests
{
    private const int Rounds = 3;

    private static readonly RepairSuggester Suggester = new();

    // A second instance proves the output depends on the answers only, not on an instance's history.
    private static readonly RepairSuggester OtherSuggester = new();

    [Fact]
    public void Every_combination_keeps_every_rule()
    {
        var failures = new List<string>();
        var combinations = 0;
        foreach (var answers in AllAnswers())
        {
            combinations++;
            var previousIds = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round < Rounds; round++)
            {
                var phrases = Suggester.Suggest(answers, round);
                var problems = Check(answers, round, phrases, previousIds);
                failures.AddRange(problems.Select(problem => $"{PhraseRules.Describe(answers, round)}: {problem}"));
                previousIds = round == 0 ? [.. phrases.Select(phrase => phrase.Id)] : [];
            }
        }

        // 4 misattunement × 5 repair × 3 permission × 6 lens × 14 pull sets × 11 cue sets.
        Assert.Equal(4 * 5 * 3 * 6 * 14 * 11, combinations);
        Assert.True(failures.Count == 0, $"{failures.Count} broken rules, first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20))}");
    }

    private static List<string> Check(ReflectionAnswers answers, int round, IReadOnlyList<RepairPhrase> phrases, HashSet<string> roundZeroIds)
    {
        var problems = new List<string>();
        void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        Expect(phrases.Count == 3, $"expected 3 phrases, got {phrases.Count}");
        Expect(phrases.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() == phrases.Count, "ids repeat");
        Expect(phrases.Select(p => p.Text).Distinct(StringComparer.Ordinal).Count() == phrases.Count, "texts repeat");
        foreach (var phrase in phrases)
        {
            Expect(!string.IsNullOrWhiteSpace(phrase.Text) && !string.IsNullOrWhiteSpace(phrase.Id)
                && !string.IsNullOrWhiteSpace(phrase.Kind) && !string.IsNullOrWhiteSpace(phrase.Principle), $"{phrase.Id} has an empty field");
            Expect(PhraseRules.WordCount(phrase.Text) <= PhraseRules.MaxWords, $"{phrase.Id} is longer than {PhraseRules.MaxWords} words");
            Expect(PhraseRules.IsFirstPerson(phrase.Text), $"{phrase.Id} is not in the first person");
        }

        var kinds = phrases.Select(p => p.Kind).ToList();
        bool Has(string kind) => kinds.Contains(kind);

        // The brief's rule: noticed (yes / not sure) and not repaired (not yet / partly / skipped).
        var noticedNotRepaired = answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure
            && answers.Repair is RepairSoFar.NotYet or RepairSoFar.Partly or null;
        if (noticedNotRepaired)
        {
            Expect(phrases.Any(p => p.Kind == RepairPhraseKinds.Apology && p.Text.Contains("I'm sorry", StringComparison.Ordinal)), "no apology with \"I'm sorry\"");
            Expect(Has(RepairPhraseKinds.Invitation), "no invitation back");
        }

        // Nothing to apologise for: nothing noticed, or no repair needed, or already apologised.
        var nothingToApologiseFor = answers.Misattunement == MisattunementNoticed.No
            || answers.Repair is RepairSoFar.NoneNeeded or RepairSoFar.ApologisedInSession
            || (answers.Misattunement is null && answers.Repair is null);
        if (nothingToApologiseFor)
        {
            Expect(!Has(RepairPhraseKinds.Apology) && !Has(RepairPhraseKinds.Invitation), "apologises or invites back with nothing to repair");
            Expect(phrases.All(p => !p.Text.Contains("I'm sorry", StringComparison.OrdinalIgnoreCase)), "says \"I'm sorry\" with nothing to repair");
            Expect(Has(RepairPhraseKinds.CheckIn), "no gentle check-in");
        }

        // Returning to an apology only makes sense when the clinician says they made one.
        var apologisedInSession = answers.Repair == RepairSoFar.ApologisedInSession && answers.Misattunement != MisattunementNoticed.No;
        Expect(Has(RepairPhraseKinds.FollowUp) == apologisedInSession, "follow-up without an apology in session, or missing after one");

        // Permission: offered when not given or skipped; renewed (and only renewed) when given.
        if (answers.Permission == PermissionGiven.Yes)
        {
            Expect(Has(RepairPhraseKinds.Renewal) && !Has(RepairPhraseKinds.Permission), "permission already given but not renewed");
        }
        else
        {
            Expect(Has(RepairPhraseKinds.Permission) && !Has(RepairPhraseKinds.Renewal), "permission not given but not offered, or renewed as if given");
        }

        Expect(kinds.Distinct(StringComparer.Ordinal).Count() == kinds.Count, "two phrases of one kind");
        Expect(kinds.SequenceEqual(RepairSituationsFor(answers)), $"kinds [{string.Join(",", kinds)}] do not match the situation");

        Expect(Suggester.Suggest(answers, round).SequenceEqual(phrases), "not deterministic (same instance)");
        Expect(OtherSuggester.Suggest(answers, round).SequenceEqual(phrases), "not deterministic (new instance)");

        // "more" offers new words: every kind keeps at least two phrases that fit anyone.
        if (round == 1)
        {
            Expect(!phrases.Any(p => roundZeroIds.Contains(p.Id)), "round 1 repeats a phrase from round 0");
        }

        return problems;
    }

    /// <summary>The kinds each situation should produce, worked out from the classification.</summary>
    private static string[] RepairSituationsFor(ReflectionAnswers answers)
    {
        var last = answers.Permission == PermissionGiven.Yes ? RepairPhraseKinds.Renewal : RepairPhraseKinds.Permission;
        return Suggester.Classify(answers) switch
        {
            RepairSituation.NoticedNotRepaired => [RepairPhraseKinds.Apology, RepairPhraseKinds.Invitation, last],
            RepairSituation.NoticedRepaired => [RepairPhraseKinds.FollowUp, RepairPhraseKinds.CheckIn, last],
            _ => [RepairPhraseKinds.CheckIn, RepairPhraseKinds.Welcome, last],
        };
    }

    private static IEnumerable<ReflectionAnswers> AllAnswers() =>
        from misattunement in WithNull<MisattunementNoticed>()
        from repair in WithNull<RepairSoFar>()
        from permission in WithNull<PermissionGiven>()
        from lens in WithNull<AttachmentLens>()
        from pulls in PullSets()
        from cues in CueSets()
        select new ReflectionAnswers
        {
            Misattunement = misattunement,
            Repair = repair,
            Permission = permission,
            Lens = lens,
            Pulls = pulls,
            Cues = cues,
        };

    private static IEnumerable<T?> WithNull<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(value => (T?)value).Prepend(null);

    /// <summary>Skipped, none, each pull alone, and a few mixtures.</summary>
    private static IEnumerable<IReadOnlyList<Pull>?> PullSets() =>
        new IReadOnlyList<Pull>?[] { null, [] }
            .Concat(Enum.GetValues<Pull>().Select(pull => (IReadOnlyList<Pull>?)[pull]))
            .Append([Pull.TimePressure, Pull.Assessing])
            .Append([Pull.OwnStress, Pull.ClientTouchedMe, Pull.ChoosingPractice])
            .Append([Pull.StayedPresent, Pull.Other]);

    /// <summary>Skipped, none, each cue alone, and a few mixtures.</summary>
    private static IEnumerable<IReadOnlyList<ClientCue>?> CueSets() =>
        new IReadOnlyList<ClientCue>?[] { null, [] }
            .Concat(Enum.GetValues<ClientCue>().Select(cue => (IReadOnlyList<ClientCue>?)[cue]))
            .Append([ClientCue.AngryWithMe, ClientCue.Withdrew])
            .Append([ClientCue.SoughtComfort, ClientCue.WantedMoreFaster, ClientCue.WatchedMyResponse]);
}
