using System.Net;
using AttunementBot.Tests.Infrastructure;

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
        Assert.Equal(0, Count("bot_state") + Count("processed_activity") + Count("person"));
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
