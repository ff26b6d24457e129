using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Supervision.Deidentification;
using Microsoft.Extensions.Options;

namespace AttunementBot.Supervision;

/// <summary>What the clinician will see before posting: the card content and what was taken out.</summary>
public sealed record SharePreview(JsonObject Content, IReadOnlyList<Redaction> Removed);

/// <summary>One thing the clinician may send to the group: an answer to a choice, or their own words.</summary>
/// <param name="Key">"presence", "pulls" ... "moment", "intention": what the draft remembers as ticked.</param>
public sealed record ShareItem(string Key, string Label, string Text, bool IsFreeText);

/// <summary>Who a group card is drawn for: everyone (the post itself and the preview), its sharer, or a peer.</summary>
public enum CardView
{
    Base,
    Sharer,
    Peer,
}

/// <summary>
/// Builds the card a group sees from a reflection: only the items the clinician ticked, and every piece of free
/// text de-identified first.
/// </summary>
public sealed class SharedCardComposer(ReflectionFlow reflection, Deidentifier deidentifier, SupervisionText text, IOptions<SupervisionOptions> options)
{
    public const string Template = "supervision-shared";

    /// <summary>
    /// Ticked until the clinician chooses: the moment of misattunement and its repair, the heart of supervision.
    /// The two ratings and the clinician's own words go only when ticked.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultItems = ["pulls", "misattunement", "cues", "lens", "repair"];

    /// <summary>Teams shows a card's own view to at most 60 people.</summary>
    public const int MaxRefreshUsers = 60;

    private static readonly string[] FreeTextKeys = ["moment", "intention", "question"];

    /// <summary>What this reflection could send, in the card's order: answered choices, then the clinician's own words.</summary>
    public IReadOnlyList<ShareItem> Available(CompletedReflection shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var answers = shared.Answers;
        var items = reflection.Cards.StructuredFacts(answers)
            .Select(f => new ShareItem(f.Key, text[$"card.items.{f.Key}"], f.Value, IsFreeText: false))
            .ToList();
        if (options.Value.AllowsFreeText)
        {
            if (!string.IsNullOrWhiteSpace(answers.Moment))
            {
                items.Add(new ShareItem("moment", text["card.items.moment"], answers.Moment, IsFreeText: true));
            }

            if (!string.IsNullOrWhiteSpace(answers.Intention))
            {
                items.Add(new ShareItem("intention", text["card.items.intention"], answers.Intention, IsFreeText: true));
            }
        }

        return items;
    }

    /// <summary>The keys the draft means: what was ticked, or the defaults before any choice.</summary>
    public static IReadOnlyCollection<string> Chosen(ShareDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.Items ?? [.. DefaultItems];
    }

    /// <summary>
    /// The card for the group. <paramref name="alsoRemove"/> are the clinician's own words to take out; they are used
    /// here and forgotten. With <see cref="SharedFreeText.Forbidden"/> no free text is included, whatever was ticked.
    /// </summary>
    public SharePreview Compose(SupervisionGroup group, CompletedReflection shared, ShareDraft choices, string? ownerName, IReadOnlyCollection<string> alsoRemove)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(alsoRemove);
        var chosen = Chosen(choices);
        var items = Available(shared).Where(i => chosen.Contains(i.Key)).ToList();
        if (options.Value.AllowsFreeText && !string.IsNullOrWhiteSpace(choices.Question))
        {
            items.Add(new ShareItem("question", text["card.items.question"], choices.Question, IsFreeText: true));
        }

        // All free text together: a name removed from one item is removed from the others too.
        var words = items.Where(i => i.IsFreeText).ToList();
        var clean = deidentifier.DeidentifyAll([.. words.Select(i => i.Text)], alsoRemove);
        var cleaned = words.Select((item, i) => (item.Key, clean[i].Text)).ToDictionary(p => p.Key, p => p.Text);
        var name = choices.Anonymous || string.IsNullOrWhiteSpace(ownerName) ? text["card.aMember"] : ownerName;
        var content = new JsonObject
        {
            ["title"] = text.Fill("card.title", ("group", group.Name)),
            ["sharedBy"] = text.Fill("card.sharedBy", ("name", name)),
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)Item(i.Key, i.Label, cleaned.GetValueOrDefault(i.Key, i.Text)))]),
            ["fallbackText"] = text.Fill("card.fallback", ("group", group.Name)),
        };
        return new SharePreview(content, [.. clean.SelectMany(c => c.Redactions)]);
    }

    /// <summary>True when the content carries any of the clinician's own words (moment, intention, question).</summary>
    public bool HasFreeText(JsonObject content) => FreeTextNodes(content).Any();

    /// <summary>True when the content carries anything at all for the group to read.</summary>
    public bool HasItems(JsonObject content) => Items(content).Count > 0;

    /// <summary>The question the clinician asked the group, if any.</summary>
    public string? QuestionOf(JsonObject content) =>
        Items(content).FirstOrDefault(i => (string?)i["key"] == "question")?["text"]?.GetValue<string>();

    /// <summary>
    /// Takes more words out of a card already previewed (its texts are de-identified, so the words asked for earlier
    /// are gone from it and need not be known). Returns the new content and what this pass removed.
    /// </summary>
    public SharePreview RemoveMore(JsonObject content, IReadOnlyCollection<string> words)
    {
        ArgumentNullException.ThrowIfNull(content);
        var updated = (JsonObject)content.DeepClone();
        var nodes = FreeTextNodes(updated).ToList();
        var clean = deidentifier.DeidentifyAll([.. nodes.Select(n => n["text"]?.GetValue<string>() ?? string.Empty)], words);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i]["text"] = clean[i].Text;
        }

        return new SharePreview(updated, [.. clean.SelectMany(c => c.Redactions)]);
    }

    /// <summary>Words of the card's free text that may still identify someone, for the clinician to pick from.</summary>
    public IReadOnlyList<string> WordsToReview(JsonObject content) =>
        deidentifier.WordsToReview([.. FreeTextNodes(content).Select(n => n["text"]?.GetValue<string>() ?? string.Empty)]);

    /// <summary>The neutral tag that replaced a removed identifier ("[name]").</summary>
    public string TagOf(Redaction redaction) => deidentifier.Tags[redaction.Kind];

    /// <summary>
    /// The card as it stands in the channel, drawn for one <paramref name="view"/>: the confirmed content plus its
    /// review status. <paramref name="refreshFor"/> are the Teams users whose client asks for their own view.
    /// </summary>
    public JsonObject ForChannel(JsonObject content, string cardId, SharedCard? state, CardView view = CardView.Base, IReadOnlyList<string>? refreshFor = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var data = new JsonObject
        {
            ["title"] = content["title"]?.DeepClone(),
            ["sharedBy"] = content["sharedBy"]?.DeepClone(),
            ["items"] = new JsonArray([.. Items(content).Select(i => i.DeepClone())]),
            ["fallbackText"] = content["fallbackText"]?.DeepClone(),
            ["cardId"] = cardId,
            ["view"] = view.ToString().ToLowerInvariant(),
            ["userIds"] = new JsonArray([.. (refreshFor ?? []).Take(MaxRefreshUsers).Select(id => (JsonNode)id)]),
            ["labels"] = new JsonObject
            {
                ["peer"] = text["card.peerLabel"],
                ["peerPlaceholder"] = text["card.peerPlaceholder"],
                ["sharerNote"] = text["card.sharerNote"],
            },
            ["actions"] = new JsonObject
            {
                ["acknowledge"] = text["card.acknowledge"],
                ["discuss"] = text["card.discuss"],
                ["addReflection"] = text["card.addReflection"],
                ["send"] = text["card.send"],
                ["withdraw"] = text["card.withdraw"],
                ["withdrawBase"] = text["card.withdrawBase"],
                ["refresh"] = text["card.refresh"],
            },
        };
        var status = new List<string>
        {
            state is { Acknowledgements: > 0 } ? text.Fill("card.acknowledged", ("count", state.Acknowledgements)) : text["card.notAcknowledged"],
        };
        if (state?.DiscussedAt is not null)
        {
            status.Add(text["card.discussed"]);
        }
        else if (state?.DiscussionRequestedAt is not null)
        {
            status.Add(text["card.onList"]);
        }

        if (state is { PeerReflections: > 0 })
        {
            status.Add(text.Fill("card.peerReflections", ("count", state.PeerReflections)));
        }

        data["status"] = string.Join(" · ", status);
        return data;
    }

    private static JsonObject Item(string? key, string? label, string? value) => new() { ["key"] = key, ["label"] = label, ["text"] = value };

    /// <summary>
    /// The content's items. Cards shared before items existed kept "facts" (title, value) and "texts" (title, text):
    /// they read as items too, so an old card still shows all it showed.
    /// </summary>
    private IReadOnlyList<JsonObject> Items(JsonObject content)
    {
        if (content["items"] is JsonArray items)
        {
            return [.. items.OfType<JsonObject>()];
        }

        var facts = (content["facts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => Item(null, (string?)f["title"], (string?)f["value"]));
        var texts = (content["texts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => Item((string?)t["title"] == text["card.items.question"] ? "question" : "text", (string?)t["title"], (string?)t["text"]));
        var legacy = new JsonArray([.. facts.Concat(texts)]);
        content["items"] = legacy;
        return [.. legacy.OfType<JsonObject>()];
    }

    private IEnumerable<JsonObject> FreeTextNodes(JsonObject content) =>
        Items(content).Where(i => (string?)i["key"] is { } key && (FreeTextKeys.Contains(key) || key == "text"));
}
