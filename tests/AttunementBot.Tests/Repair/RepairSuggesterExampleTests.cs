using AttunementBot.Reflection;
using AttunementBot.Repair;

namespace AttunementBot.Tests.Repair;

/// <summary>
/// Worked examples, to read as documentation of what a clinician sees. Each names the answers,
/// then what the three suggestions must do.
/// </summary>
public sealed class RepairSuggesterExampleTests
{
    private static readonly RepairSuggester Suggester = new();

    [Fact]
    public void Angry_client_and_time_pressure_not_yet_repaired_gets_an_apology_that_names_the_rushing()
    {
        var answers = new ReflectionAnswers
        {
            Misattunement = MisattunementNoticed.Yes,
            Pulls = [Pull.TimePressure],
            Cues = [ClientCue.AngryWithMe],
            Repair = RepairSoFar.NotYet,
            Permission = PermissionGiven.NotYet,
        };

        var phrases = Suggester.Suggest(answers);

        Assert.Equal(RepairSituation.NoticedNotRepaired, Suggester.Classify(answers));
        Assert.Equal([RepairPhraseKinds.Apology, RepairPhraseKinds.Invitation, RepairPhraseKinds.Permission], phrases.Select(p => p.Kind));
        Assert.Contains("I'm sorry", phrases[0].Text, StringComparison.Ordinal);
        Assert.Contains("rushing", phrases[0].Text, StringComparison.Ordinal);
        Assert.Contains("makes sense", phrases[0].Text, StringComparison.Ordinal); // their anger makes sense
    }

    [Fact]
    public void Caught_up_in_the_plan_gets_an_apology_about_being_busy_in_my_own_head()
    {
        var answers = new ReflectionAnswers
        {
            Misattunement = MisattunementNoticed.Yes,
            Pulls = [Pull.ApplyingProtocol],
            Repair = RepairSoFar.NotYet,
        };

        var apology = Suggester.Suggest(answers)[0];

        Assert.Equal(RepairPhraseKinds.Apology, apology.Kind);
        Assert.Contains("busy in my own head with the plan", apology.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_sure_a_moment_happened_gets_an_honest_tentative_apology()
    {
        var answers = new ReflectionAnswers { Misattunement = MisattunementNoticed.NotSure };

        var apology = Suggester.Suggest(answers)[0];

        Assert.Equal("apology.not-sure", apology.Id);
        Assert.Contains("If I did, I'm sorry", apology.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_who_withdrew_is_invited_back_without_pressure()
    {
        var answers = new ReflectionAnswers
        {
            Misattunement = MisattunementNoticed.Yes,
            Cues = [ClientCue.Withdrew],
            Repair = RepairSoFar.Partly,
        };

        var invitation = Suggester.Suggest(answers)[1];

        Assert.Equal(RepairPhraseKinds.Invitation, invitation.Kind);
        Assert.Contains("no need to say anything", invitation.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_client_who_wanted_more_faster_hears_the_pace_honoured()
    {
        var answers = new ReflectionAnswers
        {
            Misattunement = MisattunementNoticed.No,
            Cues = [ClientCue.WantedMoreFaster],
            Permission = PermissionGiven.Yes,
        };

        var phrases = Suggester.Suggest(answers);

        Assert.Equal(RepairSituation.NothingNoticed, Suggester.Classify(answers));
        Assert.Equal([RepairPhraseKinds.CheckIn, RepairPhraseKinds.Welcome, RepairPhraseKinds.Renewal], phrases.Select(p => p.Kind));
        Assert.Contains("pace", phrases[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(phrases, p => p.Text.Contains("sorry", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Already_apologised_in_session_gets_a_follow_up_not_a_second_apology()
    {
        var answers = new ReflectionAnswers
        {
            Misattunement = MisattunementNoticed.Yes,
            Repair = RepairSoFar.ApologisedInSession,
            Permission = PermissionGiven.Yes,
        };

        var phrases = Suggester.Suggest(answers);

        Assert.Equal(RepairSituation.NoticedRepaired, Suggester.Classify(answers));
        Assert.Equal([RepairPhraseKinds.FollowUp, RepairPhraseKinds.CheckIn, RepairPhraseKinds.Renewal], phrases.Select(p => p.Kind));
        Assert.DoesNotContain(phrases, p => p.Kind == RepairPhraseKinds.Apology);
    }

    [Fact]
    public void Everything_skipped_still_gets_three_gentle_phrases_including_permission()
    {
        var answers = new ReflectionAnswers();

        var phrases = Suggester.Suggest(answers);

        Assert.Equal(RepairSituation.NotAnswered, Suggester.Classify(answers));
        Assert.Equal([RepairPhraseKinds.CheckIn, RepairPhraseKinds.Welcome, RepairPhraseKinds.Permission], phrases.Select(p => p.Kind));
    }

    [Fact]
    public void Asking_for_more_gives_new_words_and_wraps_around_rather_than_running_out()
    {
        var answers = new ReflectionAnswers { Misattunement = MisattunementNoticed.Yes, Lens = AttachmentLens.SeparationDistress };

        var first = Suggester.Suggest(answers);
        var more = Suggester.Suggest(answers, round: 1);
        var muchLater = Suggester.Suggest(answers, round: 1000);

        Assert.Empty(first.Select(p => p.Id).Intersect(more.Select(p => p.Id)));
        Assert.Equal(3, muchLater.Count);
    }

    [Fact]
    public void A_negative_round_is_a_caller_mistake()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Suggester.Suggest(new ReflectionAnswers(), -1));
    }
}
