using AttunementBot.Cards;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Bot;

/// <summary>
/// Puts a reflection turn into the chat so that the chat stays a short, calm record: one live card per
/// conversation (the slot <see cref="CardSlots.Reflection"/>). In Teams a button press is an
/// <c>adaptiveCard/action</c> invoke, and the pressed card becomes the next one in place (the invoke's response).
/// Elsewhere, and for typed answers, the card left behind becomes its one-line recap (or the summary kept without
/// buttons) through an update, and the next card follows as a new message. A press on a card the reflection has
/// moved on from puts that card away quietly. Channels that cannot change a sent card get the replies as before.
/// </summary>
public sealed class ReflectionReplies(CardLibrary cards, LiveCards live, ReflectionFlow reflection)
{
    public const string InvokeName = "adaptiveCard/action";

    /// <param name="fromCard">The turn is a button press (an Action.Submit), not typed words.</param>
    public IReadOnlyList<IActivity> ForMessage(IActivity inbound, FlowOutcome outcome, bool fromCard)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(outcome);
        var channel = inbound.ChannelId;
        if (!CardSlots.CanUpdate(channel))
        {
            return [.. outcome.Replies.Select(r => Render(r, channel))];
        }

        var conversation = inbound.Conversation.Id;
        var pressed = fromCard && !string.IsNullOrEmpty(inbound.ReplyToId) ? inbound.ReplyToId : null;
        var liveId = live.Get(channel, conversation, CardSlots.Reflection);
        var result = new List<IActivity>();
        if (outcome.Stale && pressed is not null && pressed != liveId)
        {
            // The pressed card is behind us: put it away and say nothing, when where we are is already in view.
            result.Add(CardSlots.Updating(Render(outcome.Recap ?? reflection.CardBehind(), channel), pressed));
            if (liveId is not null)
            {
                return result;
            }

            return [.. result, .. Placed(outcome.Replies, channel, inPlace: false)];
        }

        var inPlace = fromCard && (outcome.SameCard || outcome.Stale);
        result.AddRange(Placed(outcome.Replies, channel, inPlace));
        if (!inPlace && outcome.Recap is { } recap)
        {
            // The next question goes out first; the card it leaves behind becomes its recap after it.
            var recapped = Render(recap, channel);
            result.Add(outcome.Replies.Any(r => r is CardReply)
                ? CardSlots.ReplacingLeftBehind(recapped, CardSlots.Reflection)
                : CardSlots.Replacing(recapped, CardSlots.Reflection, orPost: false));
        }

        return result;
    }

    /// <summary>The invoke's response (the pressed card's new content) and the messages to send besides.</summary>
    public (InvokeResponse Response, IReadOnlyList<IActivity> Others) ForInvoke(IActivity inbound, FlowOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(outcome);
        var channel = inbound.ChannelId;
        var conversation = inbound.Conversation.Id;
        var pressed = string.IsNullOrEmpty(inbound.ReplyToId) ? null : inbound.ReplyToId;
        var liveId = live.Get(channel, conversation, CardSlots.Reflection);
        var card = outcome.Replies.OfType<CardReply>().LastOrDefault();
        var shown = card ?? outcome.Recap;
        var others = new List<IActivity>();
        if (liveId is not null && liveId != pressed && CardSlots.CanUpdate(channel))
        {
            // Another card was the live one (typed answers moved on from it): it goes quiet too.
            var behind = outcome.Stale || outcome.SameCard ? reflection.CardBehind() : outcome.Recap ?? reflection.CardBehind();
            others.Add(CardSlots.Updating(Render(behind, channel), liveId));
        }

        others.AddRange(outcome.Replies.Where(r => r != card).Select(r => Render(r, channel)));
        if (pressed is not null && card is not null)
        {
            live.Set(channel, conversation, CardSlots.Reflection, pressed);
        }
        else if (pressed is not null && (liveId is null || liveId == pressed))
        {
            live.Forget(channel, conversation, CardSlots.Reflection);
        }

        if (shown is null)
        {
            // Nothing changes on the card: the words show as a short note and the card stays as it is.
            var words = outcome.Replies.OfType<TextReply>().FirstOrDefault()?.Text ?? string.Empty;
            return (Ok("application/vnd.microsoft.activity.message", words), [.. others.Where(a => a.Type != ActivityTypes.Message || ((IMessageActivity)a).Text != words)]);
        }

        return (Ok(ChannelRenderer.AdaptiveCardContentType, ChannelRenderer.ToInvokeCard(cards.Render(shown.Template, shown.Data), channel)), others);
    }

    /// <summary>The replies in order, the last card holding the slot (in place of the live card, or as a new message).</summary>
    private List<IActivity> Placed(IReadOnlyList<Reply> replies, string channel, bool inPlace)
    {
        var lastCard = replies.Select((r, i) => (r, i)).LastOrDefault(x => x.r is CardReply).i;
        var hasCard = replies.Any(r => r is CardReply);
        var placed = new List<IActivity>();
        for (var i = 0; i < replies.Count; i++)
        {
            var activity = Render(replies[i], channel);
            placed.Add(!hasCard || i != lastCard
                ? activity
                : inPlace ? CardSlots.Replacing(activity, CardSlots.Reflection, orPost: true) : CardSlots.Holding(activity, CardSlots.Reflection));
        }

        return placed;
    }

    private IActivity Render(Reply reply, string channel) => reply switch
    {
        CardReply card => ChannelRenderer.ToActivity(cards.Render(card.Template, card.Data), channel),
        TextReply words => MessageFactory.Text(words.Text),
        _ => throw new InvalidOperationException($"Unknown reply type {reply.GetType().Name}."),
    };

    private static InvokeResponse Ok(string type, object value) => new()
    {
        Status = 200,
        Body = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = type, Value = value },
    };
}
