using System.Text.Json.Nodes;
using AttunementBot.Cards;
using AttunementBot.Common;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>Sends the supervision feature's words and cards in the channel's own form.</summary>
public sealed class SupervisionReplies(CardLibrary cards, SupervisionText text)
{
    public SupervisionText Text => text;

    public Task SayAsync(ITurnContext turn, string path, CancellationToken cancellationToken, params (string Name, object? Value)[] values) =>
        turn.SendActivityAsync(MessageFactory.Text(text.Fill(path, values)), cancellationToken);

    public Task SayTextAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);

    public IMessageActivity Card(string template, JsonObject data, string? channelId) =>
        ChannelRenderer.ToActivity(cards.Render(template, data), channelId);

    public Task CardAsync(ITurnContext turn, string template, JsonObject data, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(Card(template, data, turn.Activity.ChannelId), cancellationToken);

    /// <summary>"Tuesday peers, Thursday group" for messages that list groups.</summary>
    public static string Names(IEnumerable<SupervisionGroup> groups) =>
        string.Join(", ", groups.Select(g => $"\"{g.Name}\"")) is { Length: > 0 } names ? names : "none yet";
}
