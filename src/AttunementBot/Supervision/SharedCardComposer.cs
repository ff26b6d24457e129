using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Supervision.Deidentification;

namespace AttunementBot.Supervision;

/// <summary>What the clinician will see before posting: the card content and what was taken out.</summary>
public sealed record SharePreview(JsonObject Content, IReadOnlyList<Redaction> Removed);

/// <summary>
/// Builds the card a group sees from a reflection: the answers to the choices always, free text
/// only where the clinician ticked it, and every piece of free text de-identified first.
/// </summary>
public sealed class SharedCardComposer(ReflectionFlow reflection, Deidentifier deidentifier, SupervisionText text)
{
    public const string Template = "supervision-shared";

    public SharePreview Compose(SupervisionGroup group, CompletedReflection shared, ShareDraft choices, string? ownerName)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(choices);
        var answers = shared.Answers;
        var removed = new List<Redaction>();
        var texts = new JsonArray();
        void AddText(string titlePath, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            var clean = deidentifier.Deidentify(value);
            removed.AddRange(clean.Redactions);
            texts.Add(new JsonObject { ["title"] = text[titlePath], ["text"] = clean.Text });
        }

        if (choices.IncludeMoment)
        {
            AddText("card.momentTitle", answers.Moment);
        }

        if (choices.IncludeIntention)
        {
            AddText("card.intentionTitle", answers.Intention);
        }

        AddText("card.questionTitle", choices.Question);

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
