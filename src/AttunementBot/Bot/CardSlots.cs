using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Bot;

/// <summary>
/// Lets a turn replace a card it sent earlier without leaving the outbox path: an update is a reply like any
/// other, held until the turn commits and delivered after it, in order, by <see cref="ChannelSends"/>. A reply
/// carries a small mark (kept in the outbox with it, never sent to the channel) that says how to deliver it:
/// <list type="bullet">
/// <item><see cref="Holding"/>: post it, and remember its id as the conversation's card in <c>slot</c>.</item>
/// <item><see cref="Replacing"/>: put it in place of the slot's card; when the slot's card is unknown, post it
/// instead (<c>orPost</c>) or leave it (a recap of a card nobody can find).</item>
/// <item><see cref="ReplacingLeftBehind"/>: put it in place of the card the slot held before the last
/// <see cref="Holding"/> post, so the next question goes out first and the old card's recap follows.</item>
/// <item><see cref="Updating"/>: put it in place of the card with a known id (the card a person pressed).</item>
/// </list>
/// The id of a posted card is known only once the channel took it, after the commit, so a slot is resolved at
/// delivery, when the conversation's earlier replies have gone (one conversation's replies go in order).
/// Updates are idempotent, so a retried delivery does no harm; one the channel refuses for good is dropped,
/// since the person still has the new card below it.
/// </summary>
public static class CardSlots
{
    /// <summary>The reflection's one live card per conversation: a step, the resume card, the summary or repair language.</summary>
    public const string Reflection = "reflection";

    private const string MarkKey = "attunementbot.outbox";

    private static readonly Func<object, object> ShallowCopy =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!.CreateDelegate<Func<object, object>>();

    /// <summary>Channels whose cards can be changed after they were sent (the Bot Connector's PUT activity).</summary>
    public static bool CanUpdate(string? channelId) =>
        channelId?.ToLowerInvariant() is "msteams" or "webchat" or "directline" or "emulator" or "test";

    public static IActivity Holding(IActivity activity, string slot) => Marked(activity, new JObject { ["slot"] = slot });

    public static IActivity Replacing(IActivity activity, string slot, bool orPost) =>
        Marked(activity, new JObject { ["slot"] = slot, ["replace"] = orPost ? "orPost" : "only" });

    public static IActivity ReplacingLeftBehind(IActivity activity, string slot) =>
        Marked(activity, new JObject { ["slot"] = slot, ["replace"] = "left" });

    public static IActivity Updating(IActivity activity, string activityId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id = activityId;
        return Marked(activity, new JObject { ["update"] = true });
    }

    /// <summary>The mark on a reply from the outbox, and the reply as the channel gets it (without the mark).</summary>
    public static (SlotMark? Mark, IActivity Outgoing) Read(IActivity activity)
    {
        if (activity is not Activity { Properties: { } properties } marked || properties[MarkKey] is not JObject mark)
        {
            return (null, activity);
        }

        // A copy, so that a delivery tried again reads the mark again. Shallow: sending sets the copy's own fields
        // (ids, conversation, service URL) and changes nothing inside it; a deep copy through JSON was a sixth of a
        // turn's CPU.
        var outgoing = (Activity)ShallowCopy(marked);
        outgoing.Properties = (JObject)properties.DeepClone();
        outgoing.Properties.Remove(MarkKey);
        var replace = (string?)mark["replace"];
        return (new SlotMark((string?)mark["slot"], replace is not null, replace == "orPost", (bool?)mark["update"] == true, replace == "left"), outgoing);
    }

    /// <summary>
    /// A reply that only changes a card already sent and is never posted as a message (a recap, a card put away):
    /// the person has what the turn said without it.
    /// </summary>
    public static bool OnlyChangesACard(IActivity activity) =>
        Read(activity).Mark is { } mark && (mark.Update || (mark.Replace && !mark.OrPost));

    /// <summary>
    /// Replies for a caller that takes them in the HTTP response (expectReplies): it sees only new messages, so
    /// updates of earlier cards are left out, a card that would have replaced one in place comes as a message, and
    /// no mark is left on any.
    /// </summary>
    public static List<Activity> ForResponse(IEnumerable<Activity> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var result = new List<Activity>();
        foreach (var reply in replies)
        {
            var (mark, outgoing) = Read(reply);
            if (mark is null)
            {
                result.Add(reply);
            }
            else if (!mark.Update && (!mark.Replace || mark.OrPost))
            {
                result.Add((Activity)outgoing);
            }
        }

        return result;
    }

    private static Activity Marked(IActivity activity, JObject mark)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var marked = (Activity)activity;
        marked.Properties ??= [];
        marked.Properties[MarkKey] = mark;
        return marked;
    }
}

/// <param name="Slot">The slot the reply holds or replaces.</param>
/// <param name="Replace">Put it in place of the slot's card.</param>
/// <param name="OrPost">When the slot's card is unknown, post it instead.</param>
/// <param name="Update">Put it in place of the activity whose id it carries.</param>
/// <param name="LeftBehind">Replace the card the slot held before its newest one.</param>
public sealed record SlotMark(string? Slot, bool Replace, bool OrPost, bool Update, bool LeftBehind = false)
{
    /// <summary>Where the card left behind by the slot's newest post is remembered.</summary>
    public static string LeftOf(string slot) => slot + "/left-behind";
}

/// <summary>
/// Which sent activity holds each conversation's card slots, as the channel numbered them. Kept in memory: after a
/// restart, or on another instance, a slot is unknown, so a recap is skipped (the old card keeps its buttons, and a
/// press on it is harmless) and a card meant to replace one in place is posted.
/// </summary>
public sealed class LiveCards
{
    private const int MaxConversations = 100_000;

    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    public string? Get(string channelId, string conversationId, string slot) =>
        _ids.TryGetValue(Key(channelId, conversationId, slot), out var id) ? id : null;

    public void Set(string channelId, string conversationId, string slot, string activityId)
    {
        if (_ids.Count >= MaxConversations)
        {
            // Rare and cheap to recover from (see above): make room rather than grow without bound.
            foreach (var key in _ids.Keys.Take(MaxConversations / 10))
            {
                _ids.TryRemove(key, out _);
            }
        }

        _ids[Key(channelId, conversationId, slot)] = activityId;
    }

    public void Forget(string channelId, string conversationId, string slot) => _ids.TryRemove(Key(channelId, conversationId, slot), out _);

    private static string Key(string channelId, string conversationId, string slot) => $"{channelId}\n{conversationId}\n{slot}";
}
