using System.Globalization;
using System.Text.Json.Nodes;
using AttunementBot.Repair;

namespace AttunementBot.Reflection;

/// <summary>Builds the data each reflection card template is bound with. Every bound property is always present.</summary>
public sealed class ReflectionCards(ReflectionStepsData steps, ReflectionTextData text)
{
    public const string StepTemplate = "reflection-step";
    public const string ResumeTemplate = "reflection-resume";
    public const string SummaryTemplate = "reflection-summary";
    public const string RepairTemplate = "reflection-repair";

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

    public CardReply Summary(ReflectionSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var answers = session.ToAnswers();
        var summary = text.Summary;
        var facts = new JsonArray();
        void Fact(string key, string? value) => facts.Add(new JsonObject
        {
            ["title"] = ReflectionTextData.Lookup(summary.Facts, key, "summary.facts"),
            ["value"] = string.IsNullOrEmpty(value) ? summary.NotAnswered : value,
        });

        FollowUpFacts(session, Fact);
        Fact("presence", Titles("presence", session));
        Fact("settledness", Titles("settledness", session));
        Fact("pulls", Titles("pulls", session, answers.PullOther));
        Fact("misattunement", Titles("misattunement", session));
        if (answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure)
        {
            Fact("moment", answers.Moment);
            Fact("cues", Titles("cues", session, answers.CueOther));
        }

        Fact("lens", Titles("lens", session));
        Fact("repair", Titles("repair", session));
        Fact("permission", Titles("permission", session));
        Fact("pace", Titles("pace", session));
        Fact("intention", answers.Intention);

        var date = Date(session.CompletedAt ?? session.UpdatedAt);
        return new CardReply(SummaryTemplate, new JsonObject
        {
            ["step"] = StepIds.Summary,
            ["title"] = summary.Title,
            ["date"] = date,
            ["private"] = summary.Private,
            ["framing"] = summary.Framing,
            ["facts"] = facts,
            ["actions"] = Actions("repair", "share", "history", "another", "done"),
            ["fallbackText"] = ReflectionTextData.Fill(ReflectionTextData.Lookup(text.Fallback, "summary", "fallback"), ("date", date)),
        });
    }

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

    public CardReply Repair(IReadOnlyList<RepairPhrase> phrases, int round)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        return new CardReply(RepairTemplate, new JsonObject
        {
            ["step"] = StepIds.RepairLanguage,
            ["title"] = ReflectionTextData.Lookup(text.RepairCard, "title", "repairCard"),
            ["intro"] = ReflectionTextData.Lookup(text.RepairCard, round == 0 ? "intro" : "moreIntro", "repairCard"),
            ["phrases"] = new JsonArray([.. phrases.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["kind"] = p.Kind,
                ["text"] = p.Text,
                ["principle"] = p.Principle,
            })]),
            ["reminder"] = ReflectionTextData.Lookup(text.RepairCard, "reminder", "repairCard"),
            ["actions"] = Actions("more", "another", "done"),
            ["fallbackText"] = ReflectionTextData.Lookup(text.Fallback, "repair", "fallback")
                + " " + string.Join(" ", phrases.Select((p, i) => $"{i + 1}. {p.Text}")),
        });
    }

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
