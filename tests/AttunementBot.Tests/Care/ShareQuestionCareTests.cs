using AttunementBot.Common.Risk;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;

namespace AttunementBot.Tests.Care;

/// <summary>
/// The share question is free text too: risk in it brings the gentle note to the clinician, in their own chat,
/// once; the note never reaches the group's card. Through the real host and the fake Bot Connector.
/// </summary>
public sealed class ShareQuestionCareTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private const string Question = "how do i hold the passive si w/ her without losing the thread?";
    private readonly ConversationAccount _channel = new(isGroup: true, conversationType: "channel", id: "19:care@thread.tacv2");
    private readonly BotHost _host = new(settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId });
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public ShareQuestionCareTests() => _client = _host.CreateBotClient();

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task RiskInTheQuestionBringsThePrivateNoteOnceAndNeverReachesTheCard()
    {
        var sam = await ClinicianWithReflectionAsync();
        var options = CardReader.Last(await sam.SayAsync("share"));

        var preview = await sam.SubmitAsync(options.Press("preview", ("question", Question)));
        Assert.Equal(RiskNote.ShareNote, preview[0].Text);
        Assert.DoesNotContain(RiskNote.ShareNote, string.Concat(preview.Skip(1).Select(a => a.Text + a.Attachments?.FirstOrDefault()?.Content)), StringComparison.Ordinal);

        // The same question previewed again: no second note.
        var again = await sam.SubmitAsync(options.Press("preview", ("question", Question)));
        Assert.DoesNotContain(again, a => a.Text == RiskNote.ShareNote);

        await sam.SubmitAsync(CardReader.Last(again).Press("post"));
        var posted = CardReader.Last([Assert.Single(_connector.Sent)]);
        Assert.Contains("Question for the group", posted.Text);
        Assert.DoesNotContain(RiskNote.ShareNote, posted.Json.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("losing the thread", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrdinaryQuestionBringsNoNote()
    {
        var sam = await ClinicianWithReflectionAsync();
        var options = CardReader.Last(await sam.SayAsync("share"));

        var preview = await sam.SubmitAsync(options.Press("preview", ("question", "how do you slow down when you feel rushed?")));

        Assert.DoesNotContain(preview, a => a.Text == RiskNote.ShareNote);
        Assert.Equal(3, preview.Count);
    }

    private async Task<Conversation> ClinicianWithReflectionAsync()
    {
        var lead = new Conversation(_client, userId: LeadId, serviceUrl: _connector.ServiceUrl.ToString());
        var setUp = lead.Message("set up supervision group Care peers");
        setUp.Conversation = _channel;
        await lead.SendAsync(setUp);

        var sam = new Conversation(_client, userId: "user-sam", serviceUrl: _connector.ServiceUrl.ToString());
        sam.User.Name = "Sam Clinician";
        await sam.SayAsync("join group Care peers");
        foreach (var answer in new[] { "reflect", "4 3", "1", "yes", "2", "she looked away when I checked the time", "safe haven", "not yet, not yet", "1", "Begin with sorry" })
        {
            await sam.SayAsync(answer);
        }

        return sam;
    }
}
