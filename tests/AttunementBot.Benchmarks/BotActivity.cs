using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AttunementBot.Benchmarks;

/// <summary>
/// A message activity as a channel posts it to /api/messages, with <c>deliveryMode: expectReplies</c> so the
/// replies come back in the HTTP response. Written straight to UTF-8 so the load driver stays cheap.
/// </summary>
public static class BotActivity
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <param name="serviceUrl">Where the bot would send proactive messages; never called with expectReplies.</param>
    public static ByteArrayContent Message(string channelId, string userId, string conversationId, string text, string serviceUrl = "http://127.0.0.1:9/")
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteString("id", Guid.NewGuid().ToString("N"));
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("channelId", channelId);
            json.WriteString("serviceUrl", serviceUrl);
            json.WriteString("deliveryMode", "expectReplies");
            json.WriteString("locale", "en-US");
            json.WriteString("text", text);
            json.WriteStartObject("from");
            json.WriteString("id", userId);
            json.WriteString("name", "Sam Clinician");
            json.WriteEndObject();
            json.WriteStartObject("recipient");
            json.WriteString("id", "28:attunementbot");
            json.WriteString("name", "AttunementBot");
            json.WriteEndObject();
            json.WriteStartObject("conversation");
            json.WriteString("id", conversationId);
            json.WriteString("conversationType", "personal");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = Json;
        return content;
    }
}
