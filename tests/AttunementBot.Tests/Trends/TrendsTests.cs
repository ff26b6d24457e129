using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Tests.Infrastructure;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Trends;

/// <summary>"my trends": a clinician's own last 30 and 90 days, counted right and said without judging; and turned off when they ask.</summary>
public sealed class TrendsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] JudgingWords = ["fail", "poor", "bad", "score", "rank", "error", "wrong", "should", "better", "worse", "must"];
    private static readonly int[] Windows = [30, 90];
    private readonly FiguresHost _figures = new(Now);

    public void Dispose() => _figures.Dispose();

    /// <summary>One reflection a day for 400 days, with varied answers; day 0 is half a day ago.</summary>
    private static List<(double DaysAgo, ReflectionAnswers Answers)> History() =>
        [.. Enumerable.Range(0, 400).Select(i => (i + 0.5, new ReflectionAnswers
        {
            Presence = i % 11 == 0 ? null : 1 + (i % 5),
            Settledness = 1 + ((i * 2) % 5),
            Pulls = i % 7 == 0 ? [Pull.StayedPresent] : i % 3 == 0 ? [Pull.TimePressure, Pull.Assessing] : i % 2 == 0 ? [Pull.OwnStress] : [Pull.Assessing],
            Misattunement = i % 2 == 0 ? MisattunementNoticed.Yes : MisattunementNoticed.No,
            Repair = i % 4 == 0 ? RepairSoFar.ApologisedInSession : RepairSoFar.NotYet,
            Moment = $"private words {i}",
        }))];

    [Fact]
    public async Task Trends_for_years_of_reflections_count_30_and_90_days_right_in_neutral_words()
    {
        var sam = _figures.Person("user-sam");
        await sam.SayAsync("hi");
        var history = History();
        foreach (var (daysAgo, answers) in history)
        {
            await _figures.SaveAsync(sam, Now.AddDays(-daysAgo), answers);
        }

        var card = FiguresHost.Card(await sam.SayAsync("my trends"));

        var sections = card.SelectTokens("$.body[?(@.type == 'Container')]").ToList();
        Assert.Equal(2, sections.Count);
        foreach (var (section, days) in sections.Zip(Windows))
        {
            var facts = FiguresHost.Facts((JObject)section);
            var window = history.Where(h => h.DaysAgo < days).Select(h => h.Answers).ToList();
            string Fact(string title) => facts.Single(f => f.Title == title).Value;
            Assert.Equal(window.Count.ToString(CultureInfo.InvariantCulture), Fact("Reflections"));
            Assert.Equal($"{Average(window.Select(a => a.Presence))} of 5 on average", Fact("Present with your client"));
            Assert.Equal($"{Average(window.Select(a => a.Settledness))} of 5 on average", Fact("Settled in yourself"));
            Assert.Equal(window.Count(a => a.Misattunement == MisattunementNoticed.Yes).ToString(CultureInfo.InvariantCulture), Fact("Moments of misattunement noticed"));
            Assert.Equal(window.Count(a => a.Misattunement == MisattunementNoticed.Yes && a.Repair == RepairSoFar.ApologisedInSession).ToString(CultureInfo.InvariantCulture), Fact("Of those, repaired in the session"));
            Assert.Equal(window.Count(a => a.Pulls!.Contains(Pull.StayedPresent)).ToString(CultureInfo.InvariantCulture), Fact("Sessions where nothing pulled you away"));
            var top = window.SelectMany(a => a.Pulls!).Where(p => p != Pull.StayedPresent).GroupBy(p => p).OrderByDescending(g => g.Count()).First();
            Assert.StartsWith($"{Words(top.Key)} ({top.Count()})", Fact("What pulled you away most often"), StringComparison.Ordinal);
        }

        var shown = ShownText.Of(CardReader.Last(await sam.SayAsync("my trends")).Text);
        Assert.Contains("Noticing is the work", shown);
        Assert.DoesNotContain(JudgingWords, w => shown.Contains(w, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("private words", card.ToString());
        var chart = card.SelectToken("$.body[?(@.type == 'Chart.Line')]")!;
        Assert.Equal(13, chart["data"]![0]!["values"]!.Count());
        Assert.Equal("TextBlock", (string)chart["fallback"]!["type"]!);
        Assert.Empty(FiguresHost.OfficialIssues(card));
    }

    [Fact]
    public async Task A_reflection_just_completed_is_in_the_trends_and_the_terminal_gets_a_text_line()
    {
        var sam = _figures.Person("user-tess", "terminal");
        foreach (var answer in new[] { "reflect", "4 2", "time pressure", "yes", "2", "the client went quiet", "safe haven", "1 2", "1", "Begin with sorry" })
        {
            await sam.SayAsync(answer);
        }

        var text = BotClient.TextOf(await sam.SayAsync("my trends"));

        Assert.Contains("Reflections: 1", text);
        Assert.Contains("Present with your client: 4.0 of 5 on average", text);
        Assert.Contains("What pulled you away most often: time pressure (1)", text);
        Assert.Contains("Week by week, present:", text);
    }

    [Fact]
    public async Task Trends_off_is_kept_across_a_restart_and_trends_on_brings_them_back()
    {
        var sam = _figures.Person("user-sam");
        await sam.SayAsync("hi");
        await _figures.SaveAsync(sam, Now.AddDays(-2), new ReflectionAnswers { Presence = 4 });

        Assert.Contains("Trends are off", BotClient.TextOf(await sam.SayAsync("trends off")));
        using (var restarted = _figures.Host.Restarted())
        using (var client = restarted.CreateBotClient())
        {
            var again = new Conversation(client, "msteams", sam.User.Id);
            var replies = await again.SayAsync("my trends");
            Assert.Contains("turned off", BotClient.TextOf(replies));
            Assert.DoesNotContain(replies, r => r.Attachments?.Count > 0);
        }

        Assert.Contains("Trends are on", BotClient.TextOf(await sam.SayAsync("trends on")));
        Assert.Contains("Your last 30 and 90 days", CardReader.Last(await sam.SayAsync("my trends")).Text);
    }

    [Fact]
    public async Task Nothing_yet_is_said_kindly_and_a_channel_never_shows_trends()
    {
        var sam = _figures.Person("user-sam");
        Assert.Contains("no reflections from the last 90 days to look at yet", BotClient.TextOf(await sam.SayAsync("my trends")));

        var inChannel = sam.Message("my trends");
        inChannel.Conversation = new Microsoft.Bot.Schema.ConversationAccount(isGroup: true, conversationType: "channel", id: "19:any@thread.tacv2");
        Assert.Contains("private", BotClient.TextOf(await sam.SendAsync(inChannel)));
    }

    [Fact]
    public async Task Export_has_the_trends_setting_and_opt_out_and_deletion_removes_them_with_the_figures()
    {
        var sam = _figures.Person("user-sam", "webchat");
        await sam.SayAsync("hi");
        await _figures.SaveAsync(sam, Now.AddDays(-1), new ReflectionAnswers { Presence = 3, Pulls = [Pull.Assessing] });
        await sam.SayAsync("my trends");
        await sam.SayAsync("trends off");
        await sam.SayAsync("digest opt out");

        Assert.Contains("your choices about trends and the team digest", CardReader.Last(await sam.SayAsync("my data")).Text);
        var export = Assert.Single(await sam.SayAsync("export my data"));
        var json = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(export.Attachments.Single(a => a.ContentType == "application/json").ContentUrl.Split(',')[1])))!;
        var setting = json["trendsSetting"]![0]!;
        Assert.True(setting["trendsOff"]!.GetValue<bool>());
        Assert.True(setting["digestOptOut"]!.GetValue<bool>());

        var key = ("@k", (object)"webchat:user-sam");
        Assert.Equal(1L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_figure WHERE owner_key = @k", key));
        await sam.SayAsync("delete my data");
        await sam.SayAsync("yes, delete my data");
        Assert.Equal(0L, _figures.Host.Scalar("SELECT COUNT(*) FROM trends_setting WHERE person_key = @k", key));
        Assert.Equal(0L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_figure WHERE owner_key = @k", key));
        Assert.Equal(0L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_pull WHERE owner_key = @k", key));
    }

    [Fact]
    public async Task Figures_go_with_their_reflection_when_retention_deletes_it()
    {
        var sam = _figures.Person("user-sam");
        await sam.SayAsync("hi");
        await _figures.SaveAsync(sam, Now.AddDays(-1), new ReflectionAnswers { Presence = 3, Pulls = [Pull.Assessing] });
        await sam.SayAsync("my trends");
        Assert.Equal(1L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_pull"));

        _figures.Host.Execute("DELETE FROM reflection");

        Assert.Equal(0L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_figure"));
        Assert.Equal(0L, _figures.Host.Scalar("SELECT COUNT(*) FROM reflection_pull"));
    }

    private static string Average(IEnumerable<int?> values)
    {
        var answered = values.Where(v => v is not null).Select(v => (double)v!.Value).ToList();
        return Math.Round(answered.Average(), 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);
    }

    private static string Words(Pull pull) => pull switch
    {
        Pull.TimePressure => "time pressure",
        Pull.Assessing => "assessing",
        Pull.OwnStress => "own stress or fatigue",
        _ => pull.ToString(),
    };
}
