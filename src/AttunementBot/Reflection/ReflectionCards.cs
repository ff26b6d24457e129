using System.Globalization;
using System.Text.Json.Nodes;

namespace AttunementBot.Reflection;

/// <summary>
/// Builds the data each reflection card template is bound with. Every bound property is always present.
/// </summary>
/// <remarks>
/// What other code (and tests in a browser) may rely on, kept stable: the templates are <c>reflection-step</c>,
/// <c>-resume</c>, <c>-summary</c>, <c>-repair</c> and <c>-recap</c> (a card left behind, one line, no buttons).
/// Every button the reflection owns is an <c>Action.Execute</c> with verb <c>reflection.{action}</c> and data
/// <c>{"flow": "reflection", "step": STEP, "action": ACTION}</c> (plus the card's inputs), and an <c>Action.Submit</c>
/// with the same title and data as its <c>fallback</c>: Teams sends an <c>adaptiveCard/action</c> invoke, other
/// hosts get the Submit (<see cref="Cards.ChannelRenderer.ForHost"/>). STEP is a step id (<c>presence</c>,
/// <c>pulls</c>, ...), <c>resume</c>, <c>summary</c> or <c>repairLanguage</c>; ACTION is <c>next</c>, <c>skip</c>,
/// <c>back</c>, <c>help</c>, <c>cancel</c>, <c>continue</c>, <c>startOver</c>, <c>more</c>, <c>another</c> or
/// <c>done</c>. The first action is the primary one (<c>style: positive</c>); Back, Help, Cancel and Start another
/// are <c>mode: secondary</c>. The summary's repair language is an <c>Action.ShowCard</c>; its Share button is the
/// <c>share</c> command. A kept card (<c>kept: true</c>) has no buttons but the ShowCard.
/// </remarks>
public sealed class ReflectionCards(ReflectionStepsData steps, ReflectionTextData text)
{
    public const string StepTemplate = "reflection-step";
    public const string ResumeTemplate = "reflection-resume";
    public const string SummaryTemplate = "reflection-summary";
    public const string RepairTemplate = "reflection-repair";
    public const string RecapTemplate = "reflection-recap";

    public CardReply Step(ReflectionSession session, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var step = steps.For(session.Step);
        var pending = Pending(session, step);
        var ask = pending is not null && pending != step.Fields[0] ? pending.Ask : null;
        var fields = new JsonArray();
        foreach (var field in step.Fields.Where(f => StepOrder.Shown(session, f)))
        {
            // A refused, too-long text is shown back in a box without a length limit, so no client cuts it short.
            var draft = session.DraftField == field.Id && session.DraftText is not null;
            var value = draft ? session.DraftText : string.Join(",", SessionFields.Get(session, field.Id));
            fields.Add(new JsonObject
            {
                ["id"] = field.Id,
                ["kind"] = draft ? "draft" : field.Kind,
                ["label"] = field.Label,
                ["value"] = value,
                ["maxLength"] = field.MaxLength ?? 0,
                ["choices"] = new JsonArray([.. field.Choices.Select(c => (JsonNode)new JsonObject
                {
                    ["title"] = c.Meaning is null ? c.Title : ReflectionTextData.Fill(text.Summary.Meaning, ("title", c.Title), ("meaning", c.Meaning)),
                    ["value"] = c.Value,
                })]),
            });
        }

        var last = session.Step == ReflectionStep.Forward;
        var (number, total) = StepOrder.Position(session);
        var progress = ReflectionTextData.Fill(number == 1 ? text.ProgressFirst : text.Progress, ("number", number), ("total", total));
        var noticeText = string.Join(" ", new[] { notice, ask }.Where(t => !string.IsNullOrEmpty(t)));
        return new CardReply(StepTemplate, new JsonObject
        {
            ["step"] = step.Id,
            ["progress"] = progress,
            ["title"] = step.Title,
            ["intro"] = session.Step == ReflectionStep.FollowUp ? FollowUpIntro(session, step) : step.Intro,
            ["notice"] = noticeText,
            ["fields"] = fields,
            ["canGoBack"] = StepOrder.Before(session) is not null,
            ["actions"] = WithNext(Actions("skip", "back", "help", "cancel"), text.Action(last ? "finish" : "next")),
            ["fallbackText"] = ReflectionTextData.Fill(ReflectionTextData.Lookup(text.Fallback, "step", "fallback"), ("number", number), ("total", total), ("label", (pending ?? step.Fields[0]).Label)),
        });
    }

    public CardReply Resume(ReflectionSession session, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (number, total) = StepOrder.Position(session);
        return new CardReply(ResumeTemplate, new JsonObject
        {
            ["step"] = StepIds.Resume,
            ["title"] = ReflectionTextData.Lookup(text.Resume, "title", "resume"),
            ["text"] = ReflectionTextData.Fill(
                ReflectionTextData.Lookup(text.Resume, "text", "resume"),
                ("date", Date(session.StartedAt)),
                ("number", number),
                ("total", total)),
            ["notice"] = notice ?? "",
            ["actions"] = Actions("continue", "startOver", "cancel"),
            ["fallbackText"] = ReflectionTextData.Lookup(text.Fallback, "resume", "fallback"),
        });
    }

    /// <param name="phrases">Repair language, one press away on the card.</param>
    /// <param name="kept">The card as a record, once the reflection moved on: its buttons gone, its words kept.</param>
    public CardReply Summary(ReflectionSession session, IReadOnlyList<RepairPhrase> phrases, bool kept = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(phrases);
        var answers = session.ToAnswers();
        var summary = text.Summary;
        var noticed = answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;
        string?[][] paragraphs =
        [
            [Said("presence", session), Said("settledness", session), Pulls(session, answers.PullOther)],
            [Said("misattunement", session), noticed ? Cues(session, answers.CueOther) : null, noticed ? Quoted("moment", answers.Moment) : null, Said("lens", session)],
            [Said("repair", session), Said("permission", session), Said("pace", session)],
        ];
        var sentences = paragraphs
            .Select(p => string.Join(" ", p.Where(t => !string.IsNullOrEmpty(t))))
            .Where(p => p.Length > 0)
            .ToList();
        if (sentences.Count == 0)
        {
            sentences.Add(summary.AllSkipped);
        }

        // What the follow-up found comes first, as facts above the sentences ("The moment from last time: Noticed, then repaired").
        var facts = new JsonArray();
        FollowUpFacts(session, (key, value) => facts.Add(new JsonObject
        {
            ["title"] = ReflectionTextData.Lookup(summary.Facts, key, "summary.facts"),
            ["value"] = string.IsNullOrEmpty(value) ? summary.NotAnswered : value,
        }));

        var date = Date(session.CompletedAt ?? session.UpdatedAt);
        return new CardReply(SummaryTemplate, new JsonObject
        {
            ["step"] = StepIds.Summary,
            ["title"] = summary.Title,
            ["date"] = date,
            ["private"] = summary.Private,
            ["intentionLabel"] = summary.IntentionLabel,
            ["intention"] = string.IsNullOrEmpty(answers.Intention) ? summary.NoIntention : answers.Intention,
            ["facts"] = facts,
            ["paragraphs"] = new JsonArray([.. sentences.Select(p => (JsonNode)new JsonObject { ["text"] = p })]),
            ["framing"] = summary.Framing,
            ["repair"] = RepairContent(phrases, 0, text.Action("repair")),
            ["kept"] = kept,
            ["actions"] = Actions("share", "history", "another", "done"),
            ["fallbackText"] = ReflectionTextData.Fill(ReflectionTextData.Lookup(text.Fallback, "summary", "fallback"), ("date", date)),
        });
    }

    /// <summary>A card the reflection has moved on from, as one quiet line.</summary>
    public static CardReply Recap(string line) => new(RecapTemplate, new JsonObject { ["text"] = line });

    /// <summary>"Last time, on ..., you noticed a moment ..." and "You carried this in: ...", after the step's own intro.</summary>
    private string FollowUpIntro(ReflectionSession session, StepDefinition step)
    {
        var lines = new List<string> { step.Intro };
        var date = session.FollowUpOfDate is { } at ? Date(at) : "";
        if (session.FollowUpOfRepair is { } repair)
        {
            lines.Add(ReflectionTextData.Fill(FollowUpText(repair == RepairSoFar.Partly ? "openPartly" : "openNotYet"), ("date", date)));
        }

        if (session.CarriedIntention is { } intention)
        {
            lines.Add(ReflectionTextData.Fill(FollowUpText("carriedIn"), ("intention", intention)));
        }

        return string.Join("\n\n", lines);
    }

    /// <summary>What the follow-up found, first on the summary: "Noticed, then repaired" where that is true.</summary>
    private void FollowUpFacts(ReflectionSession session, Action<string, string?> fact)
    {
        if (session.FollowUpRepairOpen)
        {
            fact("repairSince", session.RepairSince is { } since ? FollowUpText("since" + since) : null);
            if (session.RepairSince is RepairSince.Repaired or RepairSince.Partly && session.ClientMet is not null)
            {
                fact("clientMet", Titles("clientMet", session));
            }
        }

        if (session.FollowUpHadIntention)
        {
            fact("intentionCame", Titles("intentionCame", session));
        }
    }

    /// <summary>The follow-up's words for an earlier reflection's repair, as the history list shows them.</summary>
    public string FollowUpText(string key) => ReflectionTextData.Lookup(text.FollowUp, key, "followUp");

    /// <summary>
    /// The answers that are choices, never free text (an "Other" choice shows without its words),
    /// as (field id, titles of the chosen values); unanswered fields are left out. This is all a
    /// shared card may carry by default.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> StructuredFacts(ReflectionAnswers answers)
    {
        var session = ReflectionSession.FromAnswers(answers);
        string[] fields = ["presence", "settledness", "pulls", "misattunement", "cues", "lens", "repair", "permission", "pace"];
        return [.. fields
            .Where(id => id != "cues" || answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure)
            .Select(id => new KeyValuePair<string, string?>(id, Titles(id, session)))
            .Where(f => f.Value is not null)
            .Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))];
    }

    /// <param name="kept">The card as a record, once the reflection moved on: its buttons gone, its words kept.</param>
    public CardReply Repair(IReadOnlyList<RepairPhrase> phrases, int round, bool kept = false)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var content = RepairContent(phrases, round, button: null);
        content["step"] = StepIds.RepairLanguage;
        content["title"] = ReflectionTextData.Lookup(text.RepairCard, "title", "repairCard");
        content["kept"] = kept;
        content["actions"] = Actions("more", "another", "done");
        content["fallbackText"] = ReflectionTextData.Lookup(text.Fallback, "repair", "fallback")
            + " " + string.Join(" ", phrases.Select((p, i) => $"{i + 1}. {p.Text}"));
        return new CardReply(RepairTemplate, content);
    }

    private JsonObject RepairContent(IReadOnlyList<RepairPhrase> phrases, int round, string? button)
    {
        var content = new JsonObject
        {
            ["intro"] = ReflectionTextData.Lookup(text.RepairCard, round == 0 ? "intro" : "moreIntro", "repairCard"),
            ["phrases"] = new JsonArray([.. phrases.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["kind"] = p.Kind,
                ["text"] = p.Text,
                ["principle"] = p.Principle,
            })]),
            ["reminder"] = ReflectionTextData.Lookup(text.RepairCard, "reminder", "repairCard"),
        };
        if (button is not null)
        {
            content["button"] = button;
        }

        return content;
    }

    private string? Said(string fieldId, ReflectionSession session) =>
        SessionFields.Get(session, fieldId) is [var value] ? Phrase(fieldId, value) : null;

    private string Phrase(string fieldId, string value) =>
        text.Summary.Said.TryGetValue(fieldId, out var said) && said.TryGetValue(value, out var phrase)
            ? phrase
            : throw new InvalidOperationException($"reflection-text.json has no summary.said.{fieldId}.{value}.");

    private string? Pulls(ReflectionSession session, string? other)
    {
        var values = SessionFields.Get(session, "pulls");
        if (values.Contains("StayedPresent"))
        {
            return Phrase("pulls", "StayedPresent");
        }

        return values.Count == 0 ? null : ListSentence("pulls", ListOf("pulls", values, other));
    }

    private string? Cues(ReflectionSession session, string? other)
    {
        var values = SessionFields.Get(session, "cues");
        return values.Count == 0 ? null : ListSentence("cues", ListOf("cues", values, other));
    }

    private IEnumerable<string> ListOf(string fieldId, IReadOnlyList<string> values, string? other) =>
        values.Select(v => v == "Other" && !string.IsNullOrEmpty(other)
            ? ReflectionTextData.Fill(Phrase(fieldId, "OtherWith"), ("text", other))
            : Phrase(fieldId, v));

    private string ListSentence(string sentence, IEnumerable<string> items)
    {
        var list = items.ToList();
        var joined = list.Count == 1
            ? list[0]
            : string.Join(text.Summary.ListComma, list.Take(list.Count - 1)) + text.Summary.ListAnd + list[^1];
        return ReflectionTextData.Fill(ReflectionTextData.Lookup(text.Summary.Sentences, sentence, "summary.sentences"), ("list", joined));
    }

    private string? Quoted(string sentence, string? words) => string.IsNullOrEmpty(words)
        ? null
        : ReflectionTextData.Fill(ReflectionTextData.Lookup(text.Summary.Sentences, sentence, "summary.sentences"), (sentence, words));

    /// <summary>The field a typed answer goes to (null when the step's fields are all behind us).</summary>
    public static FieldDefinition? Pending(ReflectionSession session, StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(step);
        return step.Fields.Find(f => f.Id == session.Field) ?? step.Fields[0];
    }

    public string Date(DateTimeOffset when) => when.ToString(text.Summary.DateFormat, CultureInfo.InvariantCulture);

    private string? Titles(string fieldId, ReflectionSession session, string? other = null)
    {
        var field = steps.Field(fieldId);
        var values = SessionFields.Get(session, fieldId);
        if (values.Count == 0)
        {
            return null;
        }

        var titles = values.Select(v =>
        {
            var choice = field.Choices.First(c => c.Value == v);
            if (choice.Value == "Other" && !string.IsNullOrEmpty(other))
            {
                return ReflectionTextData.Fill(text.Summary.Other, ("text", other));
            }

            return choice.Meaning is null ? choice.Title : ReflectionTextData.Fill(text.Summary.Meaning, ("title", choice.Title), ("meaning", choice.Meaning));
        });
        return string.Join(text.Summary.ListSeparator, titles);
    }

    private static JsonObject WithNext(JsonObject actions, string title)
    {
        actions["next"] = title;
        return actions;
    }

    private JsonObject Actions(params string[] keys)
    {
        var actions = new JsonObject();
        foreach (var key in keys)
        {
            actions[key] = text.Action(key);
        }

        return actions;
    }
}
