using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>Posts Bot Framework activities to /api/messages as a channel would, and reads the replies.</summary>
public sealed class BotClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerSettings Json = new() { NullValueHandling = NullValueHandling.Ignore };

    public HttpClient Http => http;

    /// <summary>Sends with deliveryMode expectReplies and returns the bot's replies from the response body.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        using var response = await PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 from /api/messages, got {(int)response.StatusCode}: {body}");
        var replies = JsonConvert.DeserializeObject<ExpectedReplies>(body, Json);
        return replies?.Activities?.Where(a => a.Type == ActivityTypes.Message).ToList() ?? [];
    }

    /// <summary>Posts as is (normal delivery: the bot answers through the connector at serviceUrl).</summary>
    public Task<HttpResponseMessage> PostAsync(Activity activity) => PostRawAsync(JsonConvert.SerializeObject(activity, Json));

    public Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8, contentType);
        return http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
    }

    public void Dispose() => http.Dispose();

    /// <summary>All the text a person would read in these replies: message text and card text (as shown, <see cref="ShownText"/>).</summary>
    public static string TextOf(IEnumerable<Activity> replies) =>
        string.Join('\n', replies.Select(r => r.Text ?? string.Empty)
            .Concat(replies.SelectMany(r => r.Attachments ?? []).Select(a => ShownText.Of(JToken.FromObject(a.Content ?? string.Empty)).ToString())));
}
