using System.Text;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.History;

/// <summary>"my reflections" through the real host: newest first, a page at a time, reopened, and deleted.</summary>
public sealed class HistoryThroughHostTests : IDisposable
{
    private readonly BotHost _host = new(settings: new Dictionary<string, string?> { ["Scheduling:Enabled"] = "false" });

    [Fact]
    public async Task Years_of_reflections_page_newest_first_in_the_persons_own_time_zone()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await sam.SayAsync("set time zone Asia/Tokyo");
        var first = new DateTimeOffset(2024, 3, 1, 20, 0, 0, TimeSpan.Zero);
        var history = _host.Services.GetRequiredService<IReflectionHistory>();
        for (var day = 0; day < 800; day++)
        {
            var at = first.AddDays(day);
            await history.SaveAsync($"webchat:{sam.User.Id}", new CompletedReflection($"r{day:D4}", at.AddMinutes(-3), at, new ReflectionAnswers { Presence = day % 5 + 1 }), CancellationToken.None);
        }

        // Someone else's reflections never show.
        await history.SaveAsync("webchat:someone-else", new CompletedReflection("other", first, first.AddDays(900), new ReflectionAnswers()), CancellationToken.None);

        var page = CardReader.Last(await sam.SayAsync("my reflections"));

        Assert.Equal(["r0799", "r0798", "r0797", "r0796", "r0795", "r0794"], Opened(page));
        // 20:00 UTC is 05:00 the next morning in Tokyo.
        Assert.Contains("1. Sun 10 May 2026, 05:00", page.Text, StringComparison.Ordinal);
        Assert.Contains("Presence: Fully with them", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("later", Buttons(page));

        var second = CardReader.Last(await sam.SubmitAsync(page.Press("earlier")));
        Assert.Equal(["r0793", "r0792", "r0791", "r0790", "r0789", "r0788"], Opened(second));
        var typed = CardReader.Last(await sam.SayAsync("earlier"));
        Assert.Equal(["r0787", "r0786", "r0785", "r0784", "r0783", "r0782"], Opened(typed));
        var back = CardReader.Last(await sam.SubmitAsync(typed.Press("later")));
        Assert.Equal(Opened(second), Opened(back));
        var newest = CardReader.Last(await sam.SayAsync("more recent"));
        Assert.Equal(Opened(page), Opened(newest));

        // The oldest page: the last two, and no Earlier button.
        var cursor = page.Press("earlier");
        cursor["before"] = $"{Sql.Instant(first.AddDays(2))}|r0002";
        var oldest = CardReader.Last(await sam.SubmitAsync(cursor));
        Assert.Equal(["r0001", "r0000"], Opened(oldest));
        Assert.Equal(["later"], Buttons(oldest));
        Assert.Contains("2. Sat 2 Mar 2024, 05:00", oldest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_or_altered_card_lands_on_the_newest_page_kindly()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await FollowUpThroughHostTests.ReflectAsync(sam, repair: null, intention: null);

        var page = CardReader.Last(await sam.SubmitAsync(new { flow = "history", step = "history", action = "earlier", before = "not a cursor" }));

        Assert.Single(Opened(page));
        Assert.Contains("No moment noticed", page.Text, StringComparison.Ordinal);
        Assert.Contains("There's no reflection 7 on this page", BotClient.TextOf(await sam.SayAsync("open 7")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_reflections_it_says_so_warmly()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await sam.SayAsync("hi");

        var reply = BotClient.TextOf(await sam.SayAsync("my reflections"));

        Assert.Contains("no completed reflections yet", reply, StringComparison.Ordinal);
        Assert.Contains("Say \"my reflections\" first", BotClient.TextOf(await sam.SayAsync("open 1")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_card_offers_my_reflections()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");

        var summary = await FollowUpThroughHostTests.ReflectAsync(sam, repair: null, intention: null);

        Assert.Contains("my reflections", summary.Json.SelectTokens("$.actions[*].data.command").Select(t => (string)t!));
    }

    [Fact]
    public async Task One_opened_shows_its_summary_again_and_deleting_it_removes_it_from_the_export()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await FollowUpThroughHostTests.ReflectAsync(sam, repair: "ApologisedInSession", intention: null, moment: "the first moment, when she turned away");
        await FollowUpThroughHostTests.ReflectAsync(sam, repair: "ApologisedInSession", intention: null, moment: "the second moment, at the door");
        await FollowUpThroughHostTests.ReflectAsync(sam, repair: null, intention: null);

        var list = CardReader.Last(await sam.SayAsync("my reflections"));
        var opened = CardReader.Last(await sam.SubmitAsync(OpenButton(list, 2)));

        Assert.Contains("In your words: \u201cthe second moment, at the door\u201d", opened.Text, StringComparison.Ordinal);
        Assert.Contains("You were mostly with your client.", opened.Text, StringComparison.Ordinal);
        Assert.Contains("Delete this reflection for good?", opened.Text, StringComparison.Ordinal);

        var deleted = await sam.SubmitAsync(opened.Press("delete"));
        Assert.Contains("is deleted. What you noticed then was still part of the work.", BotClient.TextOf(deleted), StringComparison.Ordinal);
        Assert.Equal(2, Opened(CardReader.Last(deleted)).Count);

        // Typed, with its one question first; "keep it" keeps it.
        Assert.Contains("for good?", BotClient.TextOf(await sam.SayAsync("delete 2")), StringComparison.Ordinal);
        Assert.Contains("It's kept", BotClient.TextOf(await sam.SayAsync("keep it")), StringComparison.Ordinal);
        Assert.Equal(2L, _host.Scalar("SELECT COUNT(*) FROM reflection WHERE owner_key = @o", ("@o", $"webchat:{sam.User.Id}")));

        var export = await ExportAsync(sam);
        Assert.Equal(2, export["reflections"]!.AsArray().Count);
        Assert.Contains("the first moment", export.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the second moment", export.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1L, _host.Scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'reflection.deleted' AND actor = @a", ("@a", $"webchat:{sam.User.Id}")));

        await sam.SayAsync("my reflections");
        Assert.Contains("for good?", BotClient.TextOf(await sam.SayAsync("delete 2")), StringComparison.Ordinal);
        Assert.Contains("is deleted", BotClient.TextOf(await sam.SayAsync("yes, delete it")), StringComparison.Ordinal);
        Assert.DoesNotContain("the first moment", (await ExportAsync(sam)).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(2L, _host.Scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'reflection.deleted' AND actor = @a", ("@a", $"webchat:{sam.User.Id}")));
        Assert.DoesNotContain("first moment", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_up_answers_are_in_the_export_and_forget_me_removes_them()
    {
        using var client = _host.CreateBotClient();
        var sam = new Conversation(client, channelId: "webchat");
        await FollowUpThroughHostTests.ReflectAsync(sam, repair: "NotYet", intention: "slow the start");
        await sam.SayAsync("reflect");
        await sam.SayAsync("different client");
        await sam.SkipToSummaryAsync();

        var export = await ExportAsync(sam);
        var followUp = export["reflections"]![0]!["answers"]!["followUp"]!;
        Assert.Equal("DifferentClient", (string)followUp["repair"]!);
        Assert.Equal((string)export["reflections"]![1]!["id"]!, (string)followUp["of"]!);

        await sam.SayAsync("delete my data");
        await sam.SayAsync("yes, delete my data");
        Assert.Equal(0L, _host.Scalar("SELECT COUNT(*) FROM reflection WHERE owner_key = @o", ("@o", $"webchat:{sam.User.Id}")));
        Assert.Contains("no completed reflections yet", BotClient.TextOf(await sam.SayAsync("my reflections")), StringComparison.Ordinal);
        Assert.Equal("presence", CardReader.Last(await sam.SayAsync("reflect")).Step);
    }

    public void Dispose() => _host.Dispose();

    private static List<string> Opened(CardReader card) =>
        [.. card.Json.SelectTokens("$..actions[?(@.data.action == 'open')].data.reflection").Select(t => (string)t!)];

    private static List<string> Buttons(CardReader card) =>
        [.. card.Json.SelectTokens("$.actions[*].data.action").Select(t => (string)t!)];

    private static Newtonsoft.Json.Linq.JObject OpenButton(CardReader card, int number) =>
        (Newtonsoft.Json.Linq.JObject)card.Json.SelectTokens("$..actions[?(@.data.action == 'open')].data").ElementAt(number - 1).DeepClone();

    private static async Task<JsonNode> ExportAsync(Conversation person)
    {
        var reply = (await person.SayAsync("export my data")).Single(a => a.Attachments?.Count > 0);
        var json = reply.Attachments.Single(a => a.ContentType == "application/json");
        return JsonNode.Parse(Decode(json))!;
    }

    private static string Decode(Attachment attachment) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(attachment.ContentUrl[(attachment.ContentUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]));
}
