using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Privacy;

/// <summary>"export my data" gives a clinician everything kept about them, in the form their channel takes.</summary>
public sealed class ExportTests : IAsyncLifetime, IDisposable
{
    private const string LeadId = "user-lead";
    private const string Moment = "the client went quiet when I looked at the clock";
    private readonly BotHost _host;
    private readonly BotClient _client;
    private FakeConnector _connector = null!;

    public ExportTests()
    {
        _host = new BotHost(settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId, ["Scheduling:Enabled"] = "false" });
        _client = _host.CreateBotClient();
    }

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task My_data_lists_what_exists_then_offers_export_and_deletion()
    {
        var sam = await ClinicianAsync("webchat");

        var reply = CardReader.Last(await sam.SayAsync("my data"));

        Assert.Contains("1 completed reflection(s)", reply.Text);
        var commands = reply.Json.SelectTokens("$.actions[*].data.command").Select(t => (string)t!).ToList();
        Assert.Equal(["export my data", "delete my data"], commands);
    }

    [Fact]
    public async Task Web_chat_gets_the_document_and_the_json_as_attachments()
    {
        var sam = await ClinicianAsync("webchat");

        var reply = Assert.Single(await sam.SayAsync("export my data"));

        Assert.Equal(2, reply.Attachments.Count);
        var document = Decode(reply.Attachments.Single(a => a.ContentType == "text/plain"));
        var json = JsonNode.Parse(Decode(reply.Attachments.Single(a => a.ContentType == "application/json")))!;
        Assert.Contains("Everything AttunementBot keeps about you", document);
        Assert.Contains(Moment, document);
        Assert.Contains("Prompt schedules you made (1)", document);
        Assert.Contains("Cards you shared with a group", document);
        Assert.Equal(Moment, json["reflections"]![0]!["answers"]!["moment"]!.GetValue<string>());
        Assert.Single(json["sharedCards"]!.AsArray());
        Assert.Equal("weekdays at 17:30", json["schedules"]![0]!["description"]!.GetValue<string>());
        Assert.Equal("Tuesday peers", json["memberships"]![0]!["group"]!.GetValue<string>());
        Assert.Equal(1L, _host.Scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'data.exported' AND actor = @a", ("@a", $"webchat:{sam.User.Id}")));
    }

    [Fact]
    public async Task The_terminal_gets_two_files_only_the_owner_can_read()
    {
        var sam = await ClinicianAsync("terminal");

        var text = BotClient.TextOf(await sam.SayAsync("export my data"));

        var paths = text.Split('\n').Where(l => l.StartsWith('/')).ToList();
        Assert.Equal(2, paths.Count);
        Assert.Contains(Moment, await File.ReadAllTextAsync(paths[0]));
        Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(paths[1])));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            foreach (var path in paths)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(paths[0])!));
        }
    }

    [Fact]
    public async Task Teams_asks_consent_then_uploads_the_file_and_shows_it()
    {
        var sam = await ClinicianAsync("msteams");

        var offer = Assert.Single(await sam.SayAsync("export my data"));
        Assert.Equal(2, offer.Attachments.Count);
        Assert.All(offer.Attachments, a => Assert.Equal("application/vnd.microsoft.teams.card.file.consent", a.ContentType));
        var consent = offer.Attachments.Single(a => a.Name.EndsWith(".txt", StringComparison.Ordinal));
        var card = JObject.FromObject(consent.Content);
        Assert.True(card["sizeInBytes"]!.Value<long>() > 0);

        using var response = await _client.PostAsync(ConsentAnswer(sam, "accept", card["acceptContext"]!, consent.Name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upload = _connector.Uploads[consent.Name];
        Assert.Contains(Moment, Encoding.UTF8.GetString(upload.Bytes));
        Assert.Equal($"bytes 0-{upload.Bytes.Length - 1}/{upload.Bytes.Length}", upload.ContentRange);
        var shown = Assert.Single(_connector.Sent, a => a.Conversation.Id == sam.Account.Id);
        var fileCard = Assert.Single(shown.Attachments);
        Assert.Equal("application/vnd.microsoft.teams.card.file.info", fileCard.ContentType);
        Assert.Equal(consent.Name, fileCard.Name);
        Assert.Equal("https://contoso.example/onedrive/" + consent.Name, fileCard.ContentUrl);
    }

    [Fact]
    public async Task Declining_in_Teams_sends_nothing_and_says_so_kindly()
    {
        var sam = await ClinicianAsync("msteams");
        var consent = (await sam.SayAsync("export my data"))[0].Attachments[0];

        using var response = await _client.PostAsync(ConsentAnswer(sam, "decline", JObject.FromObject(consent.Content)["declineContext"]!, consent.Name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Uploads);
        Assert.Contains("haven't sent it", Assert.Single(_connector.Sent, a => a.Conversation.Id == sam.Account.Id).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_address_that_is_neither_https_nor_this_machine_gets_nothing()
    {
        var sam = await ClinicianAsync("msteams");
        var consent = (await sam.SayAsync("export my data"))[0].Attachments[0];
        var answer = ConsentAnswer(sam, "accept", JObject.FromObject(consent.Content)["acceptContext"]!, consent.Name);
        ((JObject)answer.Value)["uploadInfo"]!["uploadUrl"] = "http://169.254.169.254/latest";

        using var response = await _client.PostAsync(answer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_connector.Uploads);
    }

    private Activity ConsentAnswer(Conversation person, string action, JToken context, string name) => person.New(ActivityTypes.Invoke, a =>
    {
        a.Name = "fileConsent/invoke";
        a.Value = JObject.FromObject(new
        {
            type = "fileUpload",
            action,
            context,
            uploadInfo = new
            {
                contentUrl = "https://contoso.example/onedrive/" + name,
                name,
                uploadUrl = _connector.UploadUrl(name).ToString(),
                uniqueId = "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
                fileType = Path.GetExtension(name).TrimStart('.'),
            },
        });
    });

    /// <summary>A clinician in a group, with a reflection (and its moment) shared there, and a schedule.</summary>
    private async Task<Conversation> ClinicianAsync(string channelId)
    {
        var lead = new Conversation(_client, channelId, userId: LeadId, serviceUrl: _connector.ServiceUrl.ToString());
        var setUp = lead.Message("set up supervision group Tuesday peers");
        setUp.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: $"19:tuesday-{channelId}@thread.tacv2");
        await lead.SendAsync(setUp);
        var sam = new Conversation(_client, channelId, serviceUrl: _connector.ServiceUrl.ToString());
        await sam.SayAsync("join group Tuesday peers");
        foreach (var answer in new[] { "reflect", "3 3", "skip", "yes", "skip", Moment })
        {
            await sam.SayAsync(answer);
        }

        if (channelId is "msteams" or "webchat")
        {
            await sam.SkipToSummaryAsync();
            var options = CardReader.Last(await sam.SayAsync("share"));
            var confirm = CardReader.Last(await sam.SubmitAsync(options.Press("preview")));
            await sam.SubmitAsync(confirm.Press("post"));
        }
        else
        {
            // A text channel: typed answers all the way.
            for (var step = 0; step < 12 && !BotClient.TextOf(await sam.SayAsync("skip")).Contains("share", StringComparison.OrdinalIgnoreCase); step++)
            {
            }

            await sam.SayAsync("share");
            await sam.SayAsync("preview");
            await sam.SayAsync("post");
        }

        await sam.SayAsync("remind me weekdays at 17:30");
        return sam;
    }

    private static string Decode(Attachment attachment)
    {
        var url = attachment.ContentUrl;
        Assert.StartsWith("data:", url, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(url[(url.IndexOf(";base64,", StringComparison.Ordinal) + 8)..]));
    }
}
