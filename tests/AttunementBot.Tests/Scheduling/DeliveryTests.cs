using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using AttunementBot.People;
using AttunementBot.Scheduling;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static AttunementBot.Tests.Scheduling.SchedulingHarness;

namespace AttunementBot.Tests.Scheduling;

/// <summary>The prompt card's buttons, DST, restarts, a failing channel, and a thousand recipients.</summary>
public sealed class SchedulingDeliveryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Snooze_brings_the_prompt_back_once_and_skip_today_silences_the_day()
    {
        await using var h = await StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "remind me daily at 13:00");
        await h.RunUntilAsync(Monday.AddHours(1));

        var first = Assert.Single(h.PromptsTo(sam)).Card;
        var snoozed = await PressAsync(sam, Button(first, "snooze"));
        Assert.Contains("Of course. I'll come back at 13:30", snoozed, StringComparison.Ordinal);
        Assert.Contains("nothing more to do with that one", await PressAsync(sam, Button(first, "snooze")), StringComparison.Ordinal);
        await h.RunUntilAsync(Monday.AddHours(4));
        var prompts = h.PromptsTo(sam);
        Assert.Equal(2, prompts.Count); // the snoozed copy, and no reminder: Sam answered
        Assert.Equal(Monday.AddHours(1.5), prompts[1].At);
        Assert.DoesNotContain(prompts[1].Card["actions"]!, a => (string?)a["data"]?["action"] == "snooze");
        Assert.Equal("reflection", (string?)Button(prompts[1].Card, "start")["flow"]);

        await h.RunUntilAsync(Monday.AddHours(25));
        var tuesday = h.PromptsTo(sam)[2].Card;
        Assert.Contains("leave you be for today", await PressAsync(sam, Button(tuesday, "skipToday")), StringComparison.Ordinal);
        await h.RunUntilAsync(Monday.AddHours(36));
        Assert.Equal(3, h.PromptsTo(sam).Count);
    }

    [Fact]
    public async Task An_ignored_prompt_gets_one_gentle_reminder_never_more_and_none_when_the_person_wrote()
    {
        await using var h = await StartAsync(Monday, settings: new Dictionary<string, string?> { ["Scheduling:ReminderDelay"] = "00:45:00" });
        var quiet = await h.PersonAsync("Quiet One", "UTC");
        var busy = await h.PersonAsync("Busy One", "UTC");
        await SayAsync(quiet, "remind me daily at 13:00");
        await SayAsync(busy, "remind me daily at 13:00");
        await h.RunUntilAsync(Monday.AddHours(1.25));
        await SayAsync(busy, "hello");

        await h.RunUntilAsync(Monday.AddHours(10));

        Assert.Equal(["Time for a few minutes of reflection?", "A gentle reminder"], h.PromptsTo(quiet).Select(p => Title(p.Card)));
        Assert.Equal(Monday.AddHours(1.75), h.PromptsTo(quiet)[1].At);
        Assert.Equal(["Time for a few minutes of reflection?"], h.PromptsTo(busy).Select(p => Title(p.Card)));
    }

    [Fact]
    public async Task No_prompt_on_a_day_off_or_while_away_and_each_is_recorded()
    {
        await using var h = await StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "set working days mon, wed, thu, fri");
        await SayAsync(sam, "set away 2026-03-05 to 2026-03-06");
        await SayAsync(sam, "remind me daily at 13:00");

        await h.RunUntilAsync(Monday.AddDays(5));

        var days = h.PromptsTo(sam).Where(p => Title(p.Card).StartsWith("Time", StringComparison.Ordinal)).Select(p => p.At.DayOfWeek).ToList();
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], days);
        var reasons = (await h.DeliveriesAsync()).Where(d => d.Status == DeliveryStatus.Skipped && d.Kind == DeliveryKind.Prompt).Select(d => d.Reason).ToList();
        Assert.Equal(["not-a-working-day", "away", "away"], reasons); // Tuesday off; away Thursday and Friday
    }

    [Theory]
    [InlineData("Europe/London", "2026-03-26", "2026-10-22")]
    [InlineData("America/New_York", "2026-03-05", "2026-10-29")]
    public async Task Half_past_five_stays_half_past_five_local_across_spring_and_autumn_changes(string zone, string beforeSpring, string beforeAutumn)
    {
        foreach (var start in new[] { beforeSpring, beforeAutumn })
        {
            var from = DateTimeOffset.Parse(start + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            await using var h = await StartAsync(from, settings: new Dictionary<string, string?> { ["Scheduling:RecipientRefresh"] = "06:00:00" });
            var sam = await h.PersonAsync("Sam Rivera", zone);
            await SayAsync(sam, "remind me daily at 17:30");

            await h.RunUntilAsync(from.AddDays(7));

            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var prompts = h.PromptsTo(sam).Where(p => Title(p.Card).StartsWith("Time", StringComparison.Ordinal)).ToList();
            Assert.Equal(7, prompts.Count);
            Assert.All(prompts, p => Assert.Equal(new TimeSpan(17, 30, 0), TimeZoneInfo.ConvertTime(p.At, tz).TimeOfDay));
            Assert.Equal(2, prompts.Select(p => tz.GetUtcOffset(p.At)).Distinct().Count());
        }
    }

    [Fact]
    public async Task A_run_missed_while_down_fires_once_within_grace_and_is_recorded_as_missed_beyond_it()
    {
        await using var h = await StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "remind me daily at 13:00");
        await h.RunUntilAsync(Monday.AddMinutes(50));

        await h.RestartAsync(TimeSpan.FromMinutes(20)); // back at 13:10, within the 30-minute grace
        await h.RunUntilAsync(Monday.AddHours(1.5));
        var late = Assert.Single(h.PromptsTo(sam));
        Assert.Equal(Monday.AddMinutes(70), late.At);

        await h.RunUntilAsync(Monday.AddHours(24.5));
        await h.RestartAsync(TimeSpan.FromHours(2)); // 14:30 on Tuesday: 13:00 is beyond grace
        await h.RunUntilAsync(Monday.AddHours(27));
        Assert.Equal(2, h.PromptsTo(sam).Count); // Monday's prompt and its reminder, nothing on Tuesday
        Assert.Contains(await h.DeliveriesAsync(), d => d.Status == DeliveryStatus.Missed && d.Reason == "bot-was-down");
    }

    [Fact]
    public async Task A_send_interrupted_by_a_crash_is_recorded_uncertain_and_never_posted_again()
    {
        await using var h = await StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "remind me daily at 13:00");
        await h.RunUntilAsync(Monday.AddHours(1));
        Assert.Single(h.PromptsTo(sam));

        // As if the bot died after claiming the reminder but before hearing back from the channel.
        await h.ExecuteSqlAsync("UPDATE delivery SET status = 'sending' WHERE kind = 'reminder'");
        await h.RestartAsync(TimeSpan.FromHours(2));
        await h.RunUntilAsync(Monday.AddHours(6));

        Assert.Single(h.PromptsTo(sam));
        Assert.Contains(await h.DeliveriesAsync(), d => d.Kind == DeliveryKind.Reminder && d.Status == DeliveryStatus.Uncertain);
    }

    [Fact]
    public async Task While_the_channel_holds_the_sends_only_those_are_claimed_so_a_crash_leaves_nobody_else_uncertain()
    {
        var group = new FixedGroup();
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group), new Dictionary<string, string?> { ["Scheduling:MaxConcurrentSends"] = "2" });
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        await KnownPeopleAsync(h, group, 6);
        await SayAsync(lead, "schedule daily at 13:00 for group Everyone");
        var calls = h.Connector.Calls.Count;

        h.Connector.HangNext(TimeSpan.FromSeconds(3));
        h.Connector.HangNext(TimeSpan.FromSeconds(3));
        var run = h.RunUntilAsync(Monday.AddMinutes(61));
        await h.Connector.WaitForCallsAsync(calls + 2, TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for the scheduler to reach the third person, if it were going to claim them

        // What a crash now would leave: the two held sends may have reached their people, and nobody else is claimed.
        Assert.Equal(2, (await h.DeliveriesAsync()).Count(d => d.Status == DeliveryStatus.Sending));
        await run;
        var prompts = h.Arrivals.Where(a => a.Call.Activity?.Attachments is { Count: > 0 }).ToList();
        Assert.Equal(6, prompts.Select(p => p.Call.ConversationId).Distinct().Count());
        Assert.Equal(6, prompts.Count);
    }

    [Fact]
    public async Task A_429_waits_for_retry_after_and_5xx_is_retried_a_bounded_number_of_times()
    {
        await using var h = await StartAsync(Monday, settings: new Dictionary<string, string?> { ["Scheduling:MaxAttempts"] = "3" });
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        var alex = await h.PersonAsync("Alex Kim", "UTC");
        await SayAsync(sam, "remind me daily at 13:00");
        h.Connector.FailNext(HttpStatusCode.TooManyRequests, retryAfterSeconds: 120);

        await h.RunUntilAsync(Monday.AddMinutes(59));
        await SayAsync(alex, "remind me daily at 14:00");
        await h.RunUntilAsync(Monday.AddHours(1.5));
        var samCalls = h.Arrivals.Where(a => a.Call.ConversationId == sam.Account.Id).ToList();
        Assert.Equal(2, samCalls.Count);
        Assert.True(samCalls[1].At - samCalls[0].At >= TimeSpan.FromSeconds(120));
        Assert.Equal(2, h.PromptsTo(sam).Count); // the refused attempt and the one that went through: no third

        h.Connector.FailNext(HttpStatusCode.ServiceUnavailable);
        h.Connector.FailNext(HttpStatusCode.BadGateway);
        h.Connector.FailNext(HttpStatusCode.InternalServerError);
        await h.RunUntilAsync(Monday.AddHours(3));
        var alexCalls = h.Arrivals.Where(a => a.Call.ConversationId == alex.Account.Id).ToList();
        Assert.Equal(3, alexCalls.Count); // MaxAttempts, then it stops
        Assert.True(alexCalls[2].At - alexCalls[1].At > alexCalls[1].At - alexCalls[0].At);
        Assert.Contains(await h.DeliveriesAsync(), d => d.Person.EndsWith(alex.User.Id, StringComparison.Ordinal) && d.Status == DeliveryStatus.Failed && d.Reason == "500");
    }

    [Fact]
    public async Task A_403_pauses_that_person_and_tells_the_lead_once()
    {
        await using var h = await StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(lead, "schedule daily at 13:00 for Sam Rivera");
        h.Connector.FailNext(HttpStatusCode.Forbidden);

        await h.RunUntilAsync(Monday.AddDays(3));

        Assert.Single(h.Arrivals, a => a.Call.ConversationId == sam.Account.Id);
        var note = Assert.Single(h.SentTo(lead));
        Assert.Contains("I couldn't reach Sam Rivera", note.Activity.Text, StringComparison.Ordinal);
        var list = await SayAsync(lead, "schedules");
        Assert.Contains("Paused", list, StringComparison.Ordinal);
        Assert.Contains("Not reaching Sam Rivera", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_recipients_are_each_reached_exactly_once_within_the_rate_limits()
    {
        var group = new FixedGroup();
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        await KnownPeopleAsync(h, group, 1000);

        await SayAsync(lead, "schedule daily at 13:00 for group Everyone");
        for (var i = 0; i < 12; i++)
        {
            await SayAsync(lead, "remind me daily at 13:00"); // twelve prompts into one chat at once
        }

        await h.RunUntilAsync(Monday.AddMinutes(59.9));
        await h.RunUntilAsync(Monday.AddMinutes(100));

        var prompts = h.Arrivals.Where(a => a.Call.Activity?.Attachments is { Count: > 0 }).ToList();
        Assert.Equal(1012, prompts.Count);
        Assert.All(prompts.Where(p => p.Call.ConversationId.StartsWith("conv-", StringComparison.Ordinal)).GroupBy(p => p.Call.ConversationId), g => Assert.Single(g));
        Assert.Equal(1000, prompts.Count(p => p.Call.ConversationId.StartsWith("conv-", StringComparison.Ordinal)));
        RateAssert.AtMost(30, TimeSpan.FromSeconds(1), prompts.Select(p => p.At));
        var leadChat = prompts.Where(p => p.Call.ConversationId == lead.Account.Id).Select(p => p.At).ToList();
        RateAssert.AtMost(7, TimeSpan.FromSeconds(1), leadChat);
        RateAssert.AtMost(8, TimeSpan.FromSeconds(2), leadChat);
    }

    [Fact]
    public async Task In_a_group_of_hundreds_whoever_is_away_or_off_today_is_skipped_and_the_rest_are_prompted_in_their_own_time()
    {
        var group = new FixedGroup();
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        var early = await h.PersonAsync("Ada Early", "UTC", "ada");
        await SayAsync(early, "set away 2026-03-02 to 2026-03-03");
        group.Keys.Add("msteams:ada");
        await KnownPeopleAsync(h, group, 510);

        // Past the first few hundred: the people and settings read for a big group come in more than one piece.
        var away = await h.PersonAsync("Bo Away", "UTC", "bo");
        await SayAsync(away, "set away 2026-03-02 to 2026-03-04");
        var dayOff = await h.PersonAsync("Cy Off", "UTC", "cy");
        await SayAsync(dayOff, "set working days tue, wed, thu, fri");
        var newYork = await h.PersonAsync("Di West", "America/New_York", "di");
        group.Keys.AddRange(["msteams:bo", "msteams:cy", "msteams:di"]);

        await SayAsync(lead, "schedule daily at 13:00 for group Everyone");
        await h.RunUntilAsync(Monday.AddHours(8));

        Assert.Empty(h.PromptsTo(early));
        Assert.Empty(h.PromptsTo(away));
        Assert.Empty(h.PromptsTo(dayOff));
        static bool First(JObject card) => Title(card).StartsWith("Time", StringComparison.Ordinal); // not the gentle reminder an hour later
        Assert.Equal([Monday.AddHours(6)], h.PromptsTo(newYork).Where(p => First(p.Card)).Select(p => p.At)); // 13:00 in New York is 18:00 UTC
        var prompted = h.Arrivals.Where(a => a.Call.ConversationId.StartsWith("conv-", StringComparison.Ordinal))
            .Where(a => a.Call.Activity?.Attachments is [{ Content: JObject card }] && First(card))
            .GroupBy(a => a.Call.ConversationId).ToList();
        Assert.Equal(510, prompted.Count);
        Assert.All(prompted, g => Assert.Single(g));
        var skipped = (await h.DeliveriesAsync()).Where(d => d.Kind == DeliveryKind.Prompt && d.Status == DeliveryStatus.Skipped)
            .Select(d => (d.Person, d.Reason)).Order().ToList();
        Assert.Equal([("msteams:ada", "away"), ("msteams:bo", "away"), ("msteams:cy", "not-a-working-day")], skipped);
    }

    /// <summary>Clinicians the bot knows (each wrote to it once, in conv-N), all in the group.</summary>
    private static async Task KnownPeopleAsync(SchedulingHarness h, FixedGroup group, int count)
    {
        var people = h.Host.Services.GetRequiredService<IPeopleDirectory>();
        for (var i = 0; i < count; i++)
        {
            var activity = new Activity(ActivityTypes.Message, id: $"m{i}", channelId: "msteams", serviceUrl: h.Connector.ServiceUrl.ToString(),
                from: new ChannelAccount($"user-{i}", $"Clinician {i}"), recipient: new ChannelAccount("bot"),
                conversation: new ConversationAccount(id: $"conv-{i}", conversationType: "personal"));
            await people.RememberAsync(activity, CancellationToken.None);
            group.Keys.Add($"msteams:user-{i}");
        }
    }

    /// <summary>No window of <paramref name="window"/> (from any arrival) holds more than <paramref name="limit"/>.</summary>

    private sealed class FixedGroup : ISupervisionGroupMembers
    {
        public List<string> Keys { get; } = [];

        public Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(groupName == "Everyone" ? Keys : []);
    }
}
