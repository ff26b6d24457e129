using AttunementBot.Reflection;
using AttunementBot.Tests.Cards;
using AttunementBot.Tests.Infrastructure;
using AttunementBot.Trends.Digest;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Trends;

/// <summary>
/// The team digest protects everyone: counts only, nothing built from fewer than three people, nothing a
/// lead could subtract one person's reflections from, and nobody counted who opted out.
/// </summary>
public sealed class DigestTests : IDisposable
{
    /// <summary>A Tuesday: the last full week is Monday 23 November to Sunday 29 November.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Ask = "digest for group Tuesday peers";
    /// <summary>A week before <see cref="Now"/>, so a test can see two weeks go by.</summary>
    private readonly FiguresHost _figures = new(Now.AddDays(-7));

    public void Dispose() => _figures.Dispose();

    private static DateTimeOffset WeekOf(DateTimeOffset at) => WeeklyDigest.WeekStartBefore(at);

    private async Task ReflectAsync(Conversation person, DateTimeOffset week, int count, int presence)
    {
        for (var i = 0; i < count; i++)
        {
            await _figures.SaveAsync(person, week.AddDays(i).AddHours(10), new ReflectionAnswers
            {
                Presence = presence,
                Pulls = [Pull.TimePressure],
                Misattunement = MisattunementNoticed.Yes,
                Repair = RepairSoFar.ApologisedInSession,
                Moment = "Jordan went quiet",
            });
        }
    }

    private static async Task<JObject> DigestAsync(Conversation lead) => FiguresHost.Card(await lead.SayAsync(Ask));

    private static string Shown(JObject card) => ShownText.Of(new CardReader(card).Text);

    private static string? Value(JObject card, string title) => FiguresHost.Facts(card).SingleOrDefault(f => f.Title == title).Value;

    [Fact]
    public async Task Two_contributors_show_nothing()
    {
        _figures.Clock.SetUtcNow(Now);
        var lead = await _figures.LeadWithGroupAsync();
        await ReflectAsync(await _figures.MemberAsync("user-ana"), WeekOf(Now), 3, 4);
        await ReflectAsync(await _figures.MemberAsync("user-ben"), WeekOf(Now), 2, 5);
        await _figures.MemberAsync("user-cy");

        var card = await DigestAsync(lead);

        Assert.Contains("Fewer than three people", Shown(card));
        Assert.Empty(FiguresHost.Facts(card));
        Assert.Null(card.SelectToken("$..[?(@.type == 'Chart.VerticalBar')]"));
    }

    [Fact]
    public async Task Three_contributors_show_counts_and_never_a_name_or_a_word_anyone_wrote()
    {
        _figures.Clock.SetUtcNow(Now);
        var lead = await _figures.LeadWithGroupAsync();
        await ReflectAsync(await _figures.MemberAsync("user-ana"), WeekOf(Now), 3, 4);
        await ReflectAsync(await _figures.MemberAsync("user-ben"), WeekOf(Now), 2, 5);
        await ReflectAsync(await _figures.MemberAsync("user-cy"), WeekOf(Now), 1, 4);

        var card = await DigestAsync(lead);

        Assert.Equal("6", Value(card, "Reflections completed"));
        Assert.Equal("6", Value(card, "Present (4-5 of 5)"));
        Assert.Equal("6", Value(card, "Moments of misattunement noticed"));
        Assert.Equal("6", Value(card, "Of those, repaired in the session"));
        Assert.Equal("time pressure (6)", Value(card, "Most common pulls"));
        var all = card.ToString();
        Assert.DoesNotContain("user-", all);
        Assert.DoesNotContain("Jordan", all);
        var chart = card.SelectToken("$.body[?(@.type == 'Chart.VerticalBar')]")!;
        Assert.Equal(6, (int)chart["data"]![0]!["y"]!);
        Assert.Empty(FiguresHost.OfficialIssues(card));
    }

    [Fact]
    public async Task A_cell_of_one_or_two_people_is_held_back_with_another_so_the_total_cannot_give_it_away()
    {
        _figures.Clock.SetUtcNow(Now);
        var lead = await _figures.LeadWithGroupAsync();
        foreach (var name in new[] { "user-ana", "user-ben", "user-cy" })
        {
            await ReflectAsync(await _figures.MemberAsync(name), WeekOf(Now), 2, 5);
        }

        await ReflectAsync(await _figures.MemberAsync("user-dee"), WeekOf(Now), 2, 1);

        var card = await DigestAsync(lead);

        Assert.Equal("8", Value(card, "Reflections completed"));
        Assert.Equal("held back (fewer than three people)", Value(card, "Less present (1-2 of 5)"));
        Assert.Equal("held back (fewer than three people)", Value(card, "Present (4-5 of 5)"));
    }

    [Fact]
    public async Task Removing_one_person_between_weeks_cannot_be_recovered_by_subtraction()
    {
        var lead = await _figures.LeadWithGroupAsync();
        var people = new List<Conversation>();
        foreach (var name in new[] { "user-ana", "user-ben", "user-cy", "user-dee" })
        {
            people.Add(await _figures.MemberAsync(name));
        }

        foreach (var person in people)
        {
            await ReflectAsync(person, WeekOf(_figures.Clock.GetUtcNow()), 2, 4);
        }

        Assert.Equal("8", Value(await DigestAsync(lead), "Reflections completed"));

        // Dee opts out: asking for the same week again shows the same counts, not 6.
        await people[3].SayAsync("digest opt out");
        Assert.Equal("8", Value(await DigestAsync(lead), "Reflections completed"));

        // The next week the other three reflect exactly as before: 8 - 6 would be Dee's, so nothing is shown.
        _figures.Clock.SetUtcNow(Now);
        foreach (var person in people.Take(3))
        {
            await ReflectAsync(person, WeekOf(Now), 2, 4);
        }

        var next = await DigestAsync(lead);
        Assert.Contains("changed by one or two", Shown(next));
        Assert.Empty(FiguresHost.Facts(next));
    }

    [Fact]
    public async Task Someone_who_stops_reflecting_is_not_singled_out_by_the_next_week()
    {
        var lead = await _figures.LeadWithGroupAsync();
        var people = new List<Conversation>();
        foreach (var name in new[] { "user-ana", "user-ben", "user-cy", "user-dee" })
        {
            var person = await _figures.MemberAsync(name);
            people.Add(person);
            await ReflectAsync(person, WeekOf(Now.AddDays(-7)), 1, 3);
            await ReflectAsync(person, WeekOf(Now), name == "user-dee" ? 0 : 1, 3);
        }

        Assert.Equal("4", Value(await DigestAsync(lead), "Reflections completed"));
        _figures.Clock.SetUtcNow(Now);

        var next = await DigestAsync(lead);
        Assert.Contains("changed by one or two", Shown(next));
        Assert.Empty(FiguresHost.Facts(next));
    }

    [Fact]
    public async Task Opting_out_is_honoured_and_kept()
    {
        _figures.Clock.SetUtcNow(Now);
        var lead = await _figures.LeadWithGroupAsync();
        var dee = await _figures.MemberAsync("user-dee");
        Assert.Contains("won't be counted", BotClient.TextOf(await dee.SayAsync("digest opt out")));
        Assert.Contains("already left out", BotClient.TextOf(await dee.SayAsync("digest opt out")));
        await ReflectAsync(dee, WeekOf(Now), 5, 1);
        foreach (var name in new[] { "user-ana", "user-ben", "user-cy" })
        {
            await ReflectAsync(await _figures.MemberAsync(name), WeekOf(Now), 1, 4);
        }

        var card = await DigestAsync(lead);

        Assert.Equal("3", Value(card, "Reflections completed"));
        Assert.Null(Value(card, "Less present (1-2 of 5)"));
        Assert.Equal(1L, _figures.Host.Scalar("SELECT COUNT(*) FROM trends_setting WHERE person_key = 'msteams:user-dee' AND digest_opt_out = 1"));
    }

    [Fact]
    public async Task Only_a_lead_sees_a_digest()
    {
        _figures.Clock.SetUtcNow(Now);
        await _figures.LeadWithGroupAsync();
        var ana = await _figures.MemberAsync("user-ana");

        var replies = await ana.SayAsync(Ask);

        Assert.Contains("for the group's leads", BotClient.TextOf(replies));
        Assert.DoesNotContain(replies, r => r.Attachments?.Count > 0);
    }
}
