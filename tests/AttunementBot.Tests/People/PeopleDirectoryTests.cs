using AttunementBot.People;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.People;

public sealed class PeopleDirectoryTests : IDisposable
{
    private readonly BotHost _host = new(settings: new Dictionary<string, string?> { ["People:Leads:0"] = "aad-lead-1" });

    [Fact]
    public async Task A_one_to_one_message_is_remembered_with_the_time_zone_teams_sends()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        var message = person.Message("hi");
        message.LocalTimezone = "Europe/Berlin";
        message.From.AadObjectId = "aad-clinician-7";

        await person.SendAsync(message);

        var found = await Directory.FindAsync($"msteams:{person.User.Id}", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("Europe/Berlin", found.TimeZone);
        Assert.Equal(person.Account.Id, found.Reference.Conversation.Id);
        Assert.Equal("aad-clinician-7", found.RoleId);
        Assert.False(await Directory.IsLeadAsync(found, CancellationToken.None));
    }

    [Fact]
    public async Task A_time_zone_the_person_chose_is_kept_over_the_channels()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");
        var key = $"msteams:{person.User.Id}";
        await Directory.SetTimeZoneAsync(key, "America/Chicago", CancellationToken.None);
        var later = person.Message("hello");
        later.LocalTimezone = "Europe/Berlin";

        await person.SendAsync(later);

        Assert.Equal("America/Chicago", (await Directory.FindAsync(key, CancellationToken.None))!.TimeZone);
    }

    [Fact]
    public async Task A_first_message_that_is_a_command_about_themselves_finds_its_sender()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);

        var reply = BotClient.TextOf(await person.SayAsync("set time zone America/Chicago"));

        Assert.Contains("America/Chicago", reply);
        var found = await Directory.FindAsync($"msteams:{person.User.Id}", CancellationToken.None);
        Assert.Equal("America/Chicago", found?.TimeZone);
    }

    [Fact]
    public async Task After_their_data_is_deleted_a_person_who_writes_again_is_remembered_again()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        var key = $"msteams:{person.User.Id}";
        await person.SayAsync("hi");
        await person.SayAsync("delete my data");

        // A new display name makes the turn that deletes the record also the one that refreshes it.
        var confirm = person.Message("yes, delete my data");
        confirm.From.Name = "Sam (she/her)";
        await person.SendAsync(confirm);
        Assert.Null(await Directory.FindAsync(key, CancellationToken.None));
        var again = person.Message("hello again");
        again.From.Name = "Sam (she/her)";
        await person.SendAsync(again);

        Assert.Equal(person.Account.Id, (await Directory.FindAsync(key, CancellationToken.None))?.Reference.Conversation.Id);
    }

    [Fact]
    public async Task Group_messages_do_not_become_a_way_to_reach_one_person()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        var inChannel = person.Message("hi");
        inChannel.Conversation = new ConversationAccount(isGroup: true, id: "19:team@thread.tacv2", conversationType: "channel");

        await person.SendAsync(inChannel);

        Assert.Null(await Directory.FindAsync($"msteams:{person.User.Id}", CancellationToken.None));
    }

    [Fact]
    public async Task Leads_come_from_configuration_and_from_grants()
    {
        using var client = _host.CreateBotClient();
        var lead = new Conversation(client);
        var other = new Conversation(client);
        var fromLead = lead.Message("hi");
        fromLead.From.AadObjectId = "aad-lead-1";
        await lead.SendAsync(fromLead);
        await other.SayAsync("hi");
        var leadPerson = (await Directory.FindAsync($"msteams:{lead.User.Id}", CancellationToken.None))!;
        var otherPerson = (await Directory.FindAsync($"msteams:{other.User.Id}", CancellationToken.None))!;

        Assert.True(await Directory.IsLeadAsync(leadPerson, CancellationToken.None));
        Assert.False(await Directory.IsLeadAsync(otherPerson, CancellationToken.None));
        await Directory.GrantLeadAsync(otherPerson.RoleId, leadPerson.Key, CancellationToken.None);
        Assert.True(await Directory.IsLeadAsync(otherPerson, CancellationToken.None));
    }

    public void Dispose() => _host.Dispose();

    private IPeopleDirectory Directory => _host.Services.GetRequiredService<IPeopleDirectory>();
}
