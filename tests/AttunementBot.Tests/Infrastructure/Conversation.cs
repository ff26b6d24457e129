using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// One person's conversation with the bot on a channel: builds the activities that channel
/// would send, with fresh ids, and sends them through a <see cref="BotClient"/>.
/// </summary>
public sealed class Conversation(BotClient client, string channelId = "msteams", string? userId = null, string serviceUrl = "http://127.0.0.1:9/")
{
    public ChannelAccount User { get; } = new(userId ?? $"user-{Guid.NewGuid():N}", "Sam Clinician");

    public ChannelAccount Bot { get; } = new("28:attunementbot", "AttunementBot");

    public ConversationAccount Account { get; } = new(id: $"a:{Guid.NewGuid():N}", conversationType: "personal");

    public string ChannelId => channelId;

    public string ServiceUrl { get; set; } = serviceUrl;

    public Activity Message(string text) => New(ActivityTypes.Message, a => a.Text = text);

    public Activity Submit(object value) => New(ActivityTypes.Message, a => a.Value = JObject.FromObject(value));

    public Activity MemberAdded() => New(ActivityTypes.ConversationUpdate, a => a.MembersAdded = [User]);

    public Task<IReadOnlyList<Activity>> SayAsync(string text) => client.SendAsync(Message(text));

    public Task<IReadOnlyList<Activity>> SubmitAsync(object value) => client.SendAsync(Submit(value));

    public Task<IReadOnlyList<Activity>> SendAsync(Activity activity) => client.SendAsync(activity);

    public Activity New(string type, Action<Activity>? shape = null)
    {
        var activity = new Activity
        {
            Type = type,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = channelId,
            ServiceUrl = ServiceUrl,
            From = User,
            Recipient = Bot,
            Conversation = Account,
            Timestamp = DateTimeOffset.UtcNow,
            Locale = "en-US",
        };
        shape?.Invoke(activity);
        return activity;
    }

    /// <summary>Says "skip" to every remaining question, as a hurried clinician might, and returns the summary card.</summary>
    public async Task<CardReader> SkipToSummaryAsync()
    {
        for (var questions = 0; questions < 12; questions++)
        {
            var card = CardReader.Last(await SayAsync("skip"));
            if (card.Step == "summary")
            {
                return card;
            }
        }

        throw new Xunit.Sdk.XunitException("Skipping every question never reached the summary.");
    }
}
