using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Tests.Infrastructure;
using AttunementBot.Tests.Scheduling;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Trends;

/// <summary>"digest weekly for group NAME": the scheduler posts last week's digest every Monday, to the lead's chat or the group's channel.</summary>
public sealed class DigestScheduleTests
{
    private const string Group = "Tuesday peers";
    private static readonly DateTimeOffset Sunday = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_weekly_digest_arrives_on_monday_in_the_leads_chat_and_in_the_groups_channel()
    {
        await using var harness = await SchedulingHarness.StartAsync(Sunday);
        var lead = await harness.PersonAsync("Lee Lead", "UTC", SchedulingHarness.LeadId);
        var channel = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:tuesday@thread.tacv2");
        var setUp = lead.Message("set up supervision group " + Group);
        setUp.Conversation = channel;
        await lead.SendAsync(setUp);
        var history = harness.Host.Services.GetRequiredService<IReflectionHistory>();
        foreach (var name in new[] { "ana", "ben", "cy" })
        {
            var member = await harness.PersonAsync(name, "UTC", "user-" + name);
            await member.SayAsync("join group " + Group);
            var at = new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
            await history.SaveAsync($"msteams:user-{name}", new CompletedReflection("r-" + name, at.AddMinutes(-3), at, new ReflectionAnswers { Presence = 4 }), CancellationToken.None);
        }

        Assert.Contains("The weekly digest for \"Tuesday peers\" is set", await SchedulingHarness.SayAsync(lead, "digest weekly for group " + Group));
        Assert.Contains("is set", await SchedulingHarness.SayAsync(lead, "digest weekly for group " + Group + " in the channel"));
        Assert.Contains("weekly digest for group Tuesday peers", await SchedulingHarness.SayAsync(lead, "schedules"));

        await harness.RunUntilAsync(new DateTimeOffset(2026, 11, 30, 9, 10, 0, TimeSpan.Zero));

        JObject DigestIn(string conversationId) => harness.Arrivals
            .Where(a => a.Call.ConversationId == conversationId && a.Call.Activity is not null)
            .SelectMany(a => a.Call.Activity!.Attachments ?? [])
            .Select(a => a.Content as JObject)
            .Single(c => c is not null && c.ToString().Contains("Weekly digest", StringComparison.Ordinal))!;
        foreach (var card in new[] { DigestIn(lead.Account.Id), DigestIn(channel.Id) })
        {
            Assert.Contains("week of 23 Nov", ShownText.Of((string)card["body"]![0]!["text"]!));
            Assert.Equal("3", FiguresHost.Facts(card).Single(f => f.Title == "Reflections completed").Value);
        }

        Assert.Equal(2, (await harness.DeliveriesAsync()).Count(d => d.Kind == "digest" && d.Status == "sent"));
    }
}
