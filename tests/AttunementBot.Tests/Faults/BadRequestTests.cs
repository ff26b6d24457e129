using System.Net;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.Faults;

/// <summary>What cannot be an activity gets a clear 4xx, never a 500 or a stack trace, and nothing is stored.</summary>
public sealed class BadRequestTests : IDisposable
{
    private const string Valid = """{"type":"message","id":"1","channelId":"msteams","serviceUrl":"http://127.0.0.1:9/","text":"hi","from":{"id":"u1"},"recipient":{"id":"b"},"conversation":{"id":"c1"},"deliveryMode":"expectReplies"}""";
    private readonly BotHost _host = new();

    public static TheoryData<string, string, string, HttpStatusCode> Requests => new()
    {
        { "malformed JSON", "application/json", """{"type":"message", "text": "hi""", HttpStatusCode.BadRequest },
        { "not JSON at all", "application/json", "hello bot", HttpStatusCode.BadRequest },
        { "a JSON array", "application/json", "[" + Valid + "]", HttpStatusCode.BadRequest },
        { "wrong content type", "text/plain", Valid, HttpStatusCode.UnsupportedMediaType },
        { "form content", "application/x-www-form-urlencoded", "type=message&text=hi", HttpStatusCode.UnsupportedMediaType },
        { "no type", "application/json", Valid.Replace("\"type\":\"message\",", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "unknown type", "application/json", Valid.Replace("\"type\":\"message\"", "\"type\":\"poke\"", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "no conversation", "application/json", Valid.Replace(",\"conversation\":{\"id\":\"c1\"}", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "no sender", "application/json", Valid.Replace("\"from\":{\"id\":\"u1\"},", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "no channel", "application/json", Valid.Replace("\"channelId\":\"msteams\",", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "a number for the type", "application/json", Valid.Replace("\"type\":\"message\"", "\"type\":7", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "an oversized body", "application/json", Valid.Replace("\"text\":\"hi\"", "\"text\":\"" + new string('x', 300_000) + "\"", StringComparison.Ordinal), HttpStatusCode.RequestEntityTooLarge },
        { "deeply nested JSON", "application/json", new string('[', 5000) + new string(']', 5000), HttpStatusCode.BadRequest },
        { "an unpaired surrogate in the type", "application/json", Valid.Replace("\"type\":\"message\"", "\"type\":\"\\ud800x\"", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "an unpaired surrogate in the channel", "application/json", Valid.Replace("\"channelId\":\"msteams\"", "\"channelId\":\"\\ud800x\"", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "an unpaired surrogate in the conversation", "application/json", Valid.Replace("\"conversation\":{\"id\":\"c1\"}", "\"conversation\":{\"id\":\"\\ud800x\"}", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "an unpaired surrogate in the sender", "application/json", Valid.Replace("\"from\":{\"id\":\"u1\"}", "\"from\":{\"id\":\"\\udc00\"}", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "no service URL", "application/json", Valid.Replace("\"serviceUrl\":\"http://127.0.0.1:9/\",", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "no service URL, normal delivery", "application/json", Valid.Replace("\"serviceUrl\":\"http://127.0.0.1:9/\",", string.Empty, StringComparison.Ordinal).Replace(",\"deliveryMode\":\"expectReplies\"", string.Empty, StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "a service URL that is not a URI", "application/json", Valid.Replace("http://127.0.0.1:9/", "::::", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "a 100 KB service URL", "application/json", Valid.Replace("http://127.0.0.1:9/", "http://127.0.0.1:9/" + new string('a', 100_000), StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "a service URL elsewhere, without authentication", "application/json", Valid.Replace("http://127.0.0.1:9/", "http://10.1.2.3:3978/", StringComparison.Ordinal), HttpStatusCode.BadRequest },
        { "a 5,000-character id", "application/json", Valid.Replace("\"from\":{\"id\":\"u1\"}", "\"from\":{\"id\":\"" + new string('u', 5000) + "\"}", StringComparison.Ordinal), HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_that_is_not_an_activity_gets_a_clear_4xx_and_nothing_is_stored(string what, string contentType, string body, HttpStatusCode expected)
    {
        using var client = _host.CreateBotClient();

        using var response = await client.PostRawAsync(body, contentType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(0, Count("bot_state") + Count("turn") + Count("person"));
        Assert.DoesNotContain(_host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("type")]
    [InlineData("text")]
    [InlineData("conversation")]
    public async Task Raw_bytes_that_are_not_UTF_8_get_a_4xx(string where)
    {
        using var client = _host.CreateBotClient();
        var marker = where == "conversation" ? "c1" : where == "type" ? "message" : "hi";
        var parts = Valid.Split(marker, 2);
        var body = System.Text.Encoding.UTF8.GetBytes(parts[0]).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(System.Text.Encoding.UTF8.GetBytes(parts[1])).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.Http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Count("bot_state") + Count("turn") + Count("person"));
        Assert.DoesNotContain(_host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_an_operator_lists_is_trusted_without_authentication()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["Security:AllowedServiceUrlHosts:0"] = "*.example.org" });
        using var client = host.CreateBotClient();

        using var listed = await client.PostRawAsync(Valid.Replace("http://127.0.0.1:9/", "https://smba.example.org/teams/", StringComparison.Ordinal));
        using var unlisted = await client.PostRawAsync(Valid.Replace("http://127.0.0.1:9/", "https://example.org.evil.test/", StringComparison.Ordinal).Replace("\"id\":\"1\"", "\"id\":\"2\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unlisted.StatusCode);
        Assert.Equal("https://smba.example.org/teams/", Convert.ToString(host.Scalar($"SELECT {host.Services.GetRequiredService<AttunementBot.Storage.Database>().Dialect.JsonText("reference", "serviceUrl")} FROM person"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_valid_activity_still_goes_through_after_bad_ones()
    {
        using var client = _host.CreateBotClient();
        using var bad = await client.PostRawAsync("{oops", "application/json");

        using var good = await client.PostRawAsync(Valid);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("about three minutes", await good.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();

    private int Count(string table) =>
        Convert.ToInt32(_host.Scalar($"SELECT COUNT(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);
}
