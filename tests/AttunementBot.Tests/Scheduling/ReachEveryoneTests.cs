using AttunementBot.Scheduling;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static AttunementBot.Tests.Scheduling.SchedulingHarness;

namespace AttunementBot.Tests.Scheduling;

/// <summary>
/// A group set up in a Teams team reaches every member of the team, also those who never opened a chat with
/// the bot; the lead hears, once a run, who could not be reached.
/// </summary>
public sealed class ReachEveryoneTests
{
    private const string Team = "19:team-general@thread.tacv2";
    private const string Tenant = "tenant-contoso";
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_team_member_who_never_chatted_gets_the_prompt_in_a_chat_the_bot_opens_and_keeps()
    {
        await using var h = await StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        h.Connector.Rosters[Team] = [new ChannelAccount(LeadId, "Lee Lead"), new ChannelAccount("user-nia", "Nia New") { AadObjectId = "aad-nia" }];
        await SetUpGroupAsync(h, lead, "Team peers");

        await SayAsync(lead, "schedule daily at 13:00 for group Team peers");
        await h.RunUntilAsync(Monday.AddHours(1.5));

        var opened = Assert.Single(h.Connector.CreatedConversations);
        Assert.Equal("user-nia", Assert.Single(opened.Members).Id);
        Assert.Equal(Tenant, opened.TenantId);
        Assert.Equal(Tenant, (string?)JObject.FromObject(opened.ChannelData)["tenant"]?["id"]);
        Assert.False(opened.IsGroup);
        var prompt = Assert.Single(h.Connector.Sent, a => a.Conversation?.Id == "personal-user-nia");
        Assert.Contains("Time for a few minutes of reflection?", BotClient.TextOf([prompt]), StringComparison.Ordinal);

        await h.RunUntilAsync(Monday.AddDays(1).AddHours(1.5));
        Assert.Single(h.Connector.CreatedConversations); // the chat is kept: the second prompt goes into it
        Assert.Equal(2, h.Connector.Sent.Count(a => a.Conversation?.Id == "personal-user-nia" && a.Attachments is { Count: > 0 } && !BotClient.TextOf([a]).Contains("gentle reminder", StringComparison.Ordinal)));
        var list = await SayAsync(lead, "schedules");
        Assert.Contains("reached Lee Lead, Nia New", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Not everyone", string.Join(" ", h.Connector.Sent.Select(a => a.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lead_hears_once_a_run_who_could_not_be_reached_and_why()
    {
        await using var h = await StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        h.Connector.Rosters[Team] =
        [
            new ChannelAccount(LeadId, "Lee Lead"), new ChannelAccount("user-ola", "Ola Out"), new ChannelAccount("user-kai", "Kai Closed"), new ChannelAccount("user-nia", "Nia New"),
        ];
        h.Connector.RefuseChatWith["user-ola"] = true;
        h.Connector.RefuseChatWith["user-kai"] = true;
        await SetUpGroupAsync(h, lead, "Team peers");

        await SayAsync(lead, "schedule daily at 13:00 for group Team peers");
        await h.RunUntilAsync(Monday.AddHours(3));

        var note = Assert.Single(NotesTo(h, lead));
        Assert.StartsWith("Not everyone got the prompt \"every day at 13:00\" on Mon 2 Mar. ", note, StringComparison.Ordinal);
        Assert.Contains("Ola Out hasn't opened a chat with me, and I couldn't start one (the app may need installing for them).", note, StringComparison.Ordinal);
        Assert.Contains("Kai Closed hasn't opened a chat with me, and I couldn't start one (the app may need installing for them).", note, StringComparison.Ordinal);
        Assert.EndsWith("I'll try again at the next one.", note, StringComparison.Ordinal);
        Assert.DoesNotContain("Nia", note, StringComparison.Ordinal);
        Assert.Contains(h.Connector.Sent, a => a.Conversation?.Id == "personal-user-nia");
        Assert.Contains("reached Lee Lead, Nia New · 2 couldn't be reached", await SayAsync(lead, "schedules"), StringComparison.Ordinal);

        await h.RunUntilAsync(Monday.AddDays(1).AddHours(3));
        Assert.Equal(2, NotesTo(h, lead).Count); // one for each run, and each run tried again
        Assert.Equal(["user-kai", "user-kai", "user-nia", "user-ola", "user-ola"], h.Connector.CreatedConversations.Select(c => c.Members[0].Id).Order());
    }

    [Fact]
    public async Task Someone_the_bot_has_no_way_to_reach_is_named_to_the_lead_not_silently_skipped()
    {
        var group = new OneGroup("Elsewhere", ["slack:never-wrote"]);
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        group.Keys.Add($"msteams:{LeadId}");

        await SayAsync(lead, "schedule daily at 13:00 for group Elsewhere");
        await h.RunUntilAsync(Monday.AddHours(3));

        Assert.Equal(
            "Not everyone got the prompt \"every day at 13:00\" on Mon 2 Mar. Someone hasn't opened a chat with me yet, and I know no way to reach them here. I'll try again at the next one.",
            Assert.Single(NotesTo(h, lead)));
        Assert.Empty(h.Connector.CreatedConversations);
    }

    private sealed class OneGroup(string name, List<string> keys) : ISupervisionGroupMembers
    {
        public List<string> Keys => keys;

        public Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(groupName == name ? keys : []);
    }

    private static List<string> NotesTo(SchedulingHarness h, Conversation lead) =>
        [.. h.SentTo(lead).Select(s => s.Activity.Text ?? string.Empty).Where(t => t.StartsWith("Not everyone", StringComparison.Ordinal))];

    /// <summary>As a lead does it: "set up supervision group NAME" in the team's channel; everyone on the roster joins.</summary>
    private static async Task SetUpGroupAsync(SchedulingHarness h, Conversation lead, string name)
    {
        var setUp = lead.Message("set up supervision group " + name);
        setUp.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: Team, tenantId: Tenant);
        setUp.ChannelData = new JObject { ["team"] = new JObject { ["id"] = Team }, ["tenant"] = new JObject { ["id"] = Tenant } };
        Assert.Contains("added the", BotClient.TextOf(await lead.SendAsync(setUp)), StringComparison.Ordinal);
    }
}
