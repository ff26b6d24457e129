using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Supervision.Deidentification;
using Microsoft.Extensions.Options;

namespace AttunementBot.Supervision;

/// <summary>What the clinician will see before posting: the card content and what was taken out.</summary>
public sealed record SharePreview(JsonObject Content, IReadOnlyList<Redaction> Removed);

/// <summary>
/// Builds the card a group sees from a reflection: the answers to the choices always, free text
/// only where the clinician ticked it, and every piece of free text de-identified first.
/// </summary>
public sealed class SharedCardComposer(ReflectionFlow reflection, Deidentifier deidentifier, SupervisionText text, IOptions<SupervisionOptions> options)
{
    public const string Template = "supervision-shared";

    /// <summary>
    /// The card for the group. <paramref name="alsoRemove"/> are the clinician's own words to take out; they are used
    /// here and forgotten. With <see cref="SharedFreeText.Forbidden"/> no free text is included, whatever was ticked.
    /// </summary>
    public SharePreview Compose(SupervisionGroup group, CompletedReflection shared, ShareDraft choices, string? ownerName, IReadOnlyCollection<string> alsoRemove)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(alsoRemove);
        var answers = shared.Answers;
        var fields = new List<(string TitlePath, string Value)>();
        if (options.Value.AllowsFreeText)
        {
            if (choices.IncludeMoment && !string.IsNullOrWhiteSpace(answers.Moment))
            {
                fields.Add(("card.momentTitle", answers.Moment));
            }

            if (choices.IncludeIntention && !string.IsNullOrWhiteSpace(answers.Intention))
            {
                fields.Add(("card.intentionTitle", answers.Intention));
            }

            if (!string.IsNullOrWhiteSpace(choices.Question))
            {
                fields.Add(("card.questionTitle", choices.Question));
            }
        }

        // All fields together: a name removed from one is removed from the others too.
        var clean = deidentifier.DeidentifyAll([.. fields.Select(f => f.Value)], alsoRemove);
        var texts = new JsonArray([.. fields.Select((f, i) => (JsonNode)new JsonObject { ["title"] = text[f.TitlePath], ["text"] = clean[i].Text })]);
        var removed = clean.SelectMany(c => c.Redactions).ToList();

        var facts = new JsonArray([.. reflection.Cards.StructuredFacts(answers)
            .Select(f => (JsonNode)new JsonObject { ["title"] = text[$"card.facts.{f.Key}"], ["value"] = f.Value })]);
        var name = choices.Anonymous || string.IsNullOrWhiteSpace(ownerName) ? text["card.aMember"] : ownerName;
        var content = new JsonObject
        {
            ["title"] = text.Fill("card.title", ("group", group.Name)),
            ["sharedBy"] = text.Fill("card.sharedBy", ("name", name)),
            ["facts"] = facts,
            ["texts"] = texts,
            ["labels"] = new JsonObject { ["peer"] = text["card.peerLabel"], ["peerPlaceholder"] = text["card.peerPlaceholder"] },
            ["actions"] = new JsonObject
            {
                ["acknowledge"] = text["card.acknowledge"],
                ["discuss"] = text["card.discuss"],
                ["addReflection"] = text["card.addReflection"],
            },
            ["fallbackText"] = text.Fill("card.fallback", ("group", group.Name)),
        };
        return new SharePreview(content, removed);
    }

    /// <summary>
    /// Takes more words out of a card already previewed (its texts are de-identified, so the words asked for earlier
    /// are gone from it and need not be known). Returns the new content and what this pass removed.
    /// </summary>
    public SharePreview RemoveMore(JsonObject content, IReadOnlyCollection<string> words)
    {
        ArgumentNullException.ThrowIfNull(content);
        var updated = (JsonObject)content.DeepClone();
        var nodes = (updated["texts"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var clean = deidentifier.DeidentifyAll([.. nodes.Select(n => n["text"]?.GetValue<string>() ?? string.Empty)], words);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i]["text"] = clean[i].Text;
        }

        return new SharePreview(updated, [.. clean.SelectMany(c => c.Redactions)]);
    }

    /// <summary>Words of the card's free text that may still identify someone, for the clinician to pick from.</summary>
    public IReadOnlyList<string> WordsToReview(JsonObject content) =>
        deidentifier.WordsToReview([.. (content["texts"] as JsonArray ?? []).OfType<JsonObject>().Select(n => n["text"]?.GetValue<string>() ?? string.Empty)]);

    /// <summary>The neutral tag that replaced a removed identifier ("[name]").</summary>
    public string TagOf(Redaction redaction) => deidentifier.Tags[redaction.Kind];

    /// <summary>The card as it stands in the channel: the confirmed content plus its review status.</summary>
    public JsonObject ForChannel(JsonObject content, string cardId, SharedCard? state)
    {
        ArgumentNullException.ThrowIfNull(content);
        var data = (JsonObject)content.DeepClone();
        data["cardId"] = cardId;
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
}
