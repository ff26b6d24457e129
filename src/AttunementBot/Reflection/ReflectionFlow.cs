using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AttunementBot.Repair;

namespace AttunementBot.Reflection;

/// <summary>
/// The post-session reflection as a small, explicit state machine: a session and one turn in, the new session
/// and the replies out. No Bot Framework types; every word comes from reflection-steps.json and reflection-text.json.
/// </summary>
public sealed class ReflectionFlow
{
    /// <summary>The value of "flow" in every card submit this flow owns.</summary>
    public const string FlowName = "reflection";

    /// <summary>Away longer than this, a half-done reflection asks whether to continue or start over.</summary>
    public static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(30);

    /// <summary>The most of a too-long text kept as a draft (longer text is cut here).</summary>
    public const int MaxDraftLength = 20_000;

    private static readonly HashSet<string> SubmitKeys = new(StringComparer.Ordinal) { "flow", "step", "action" };

    private readonly RepairSuggester repair;
    private readonly ReflectionStepsData steps;
    private readonly ReflectionTextData text;
    private readonly ReflectionCards cards;
    private readonly Func<string> newId;
    private readonly Regex risk;

    public ReflectionFlow(RepairSuggester repair, ReflectionStepsData? steps = null, ReflectionTextData? text = null, Func<string>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(repair);
        this.repair = repair;
        this.steps = steps ?? ReflectionStepsData.Default;
        this.text = text ?? ReflectionTextData.Default;
        this.newId = newId ?? (() => Guid.NewGuid().ToString("N"));
        cards = new ReflectionCards(this.steps, this.text);
        risk = new Regex(
            @"\b(" + string.Join("|", this.text.RiskPatterns) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(200));
    }

    public ReflectionCards Cards => cards;

    /// <summary>"reflect", "start", or the start button on a prompt card (<c>{"flow":"reflection","action":"start"}</c>).</summary>
    public bool IsStartCommand(UserInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null)
        {
            return Str(input.Submit, "flow") == FlowName && Str(input.Submit, "action") == "start";
        }

        return Is(input.Text, "start");
    }

    /// <summary>Whether this turn belongs to the reflection (otherwise the bot handles it).</summary>
    public bool Owns(UserInput input, ReflectionSession? session)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null)
        {
            return Str(input.Submit, "flow") == FlowName;
        }

        if (IsStartCommand(input))
        {
            return true;
        }

        return session?.State switch
        {
            null => false,
            ReflectionState.Finished => Is(input.Text, "repair") || Is(input.Text, "more") || Is(input.Text, "another")
                || Is(input.Text, "restart") || Is(input.Text, "done"),
            _ => true,
        };
    }

    public FlowOutcome Handle(ReflectionSession? session, UserInput input, ClinicianContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var s = session is null ? null : Clone(session);
        var turn = Turn.Read(input, this);

        if (turn.Command == "start")
        {
            if (s is null || s.State == ReflectionState.Finished)
            {
                return Begin(context, null);
            }

            s.State = ReflectionState.AwaitingResume;
            s.UpdatedAt = context.Now;
            return Out(s, cards.Resume(s));
        }

        if (s is null)
        {
            return new FlowOutcome(null, [new TextReply(text.NoReflection)]);
        }

        if (s.State == ReflectionState.Finished)
        {
            return Finished(s, turn, context);
        }

        if (s.State == ReflectionState.Active && context.Now - s.UpdatedAt > ResumeAfter && turn.Command is not ("cancel" or "help"))
        {
            s.State = ReflectionState.AwaitingResume;
            s.UpdatedAt = context.Now;
            return Out(s, cards.Resume(s));
        }

        s.UpdatedAt = context.Now;
        return s.State == ReflectionState.AwaitingResume ? Resume(s, turn, context) : Active(s, turn, context);
    }

    // ----- states -----

    private FlowOutcome Begin(ClinicianContext context, string? notice)
    {
        var s = new ReflectionSession
        {
            Id = newId(),
            StartedAt = context.Now,
            UpdatedAt = context.Now,
            State = ReflectionState.Active,
            Step = ReflectionStep.Presence,
            Field = steps.For(ReflectionStep.Presence).Fields[0].Id,
        };
        return Out(s, cards.Step(s, notice));
    }

    private static FlowOutcome Out(ReflectionSession? s, params Reply?[] replies) =>
        new(s, [.. replies.OfType<Reply>()]);

    private FlowOutcome Finished(ReflectionSession s, Turn turn, ClinicianContext context)
    {
        if (turn.Submit is not null && (turn.Step is not (StepIds.Summary or StepIds.RepairLanguage) || turn.Values.Count > 0))
        {
            return Out(s, new TextReply(text.FinishedHint));
        }

        switch (turn.Command)
        {
            case "repair":
                s.RepairRound = 0;
                return Out(s, cards.Repair(repair.Suggest(s.ToAnswers(), 0), 0));
            case "more":
                s.RepairRound++;
                return Out(s, cards.Repair(repair.Suggest(s.ToAnswers(), s.RepairRound), s.RepairRound));
            case "another" or "restart":
                return Begin(context, null);
            case "done":
                return new FlowOutcome(null, [new TextReply(text.Done)]);
            default:
                return Out(s, new TextReply(text.FinishedHint));
        }
    }

    private FlowOutcome Resume(ReflectionSession s, Turn turn, ClinicianContext context)
    {
        if (turn.Submit is not null && (turn.Step != StepIds.Resume || turn.Values.Count > 0))
        {
            return Out(s, cards.Resume(s, ReflectionTextData.Lookup(text.Resume, "reask", "resume")));
        }

        switch (turn.Command)
        {
            case "continue":
                s.State = ReflectionState.Active;
                return Out(s, cards.Step(s, text.Notice("welcomeBack")));
            case "restart":
                return Begin(context, text.Notice("startingFresh"));
            case "cancel":
                return new FlowOutcome(null, [new TextReply(text.Cancelled)]);
            case "help":
                return Out(s, new TextReply(ReflectionTextData.Lookup(text.Resume, "help", "resume")), cards.Resume(s));
            default:
                return Out(s, cards.Resume(s, ReflectionTextData.Lookup(text.Resume, "reask", "resume")));
        }
    }

    private FlowOutcome Active(ReflectionSession s, Turn turn, ClinicianContext context)
    {
        var step = steps.For(s.Step);
        if (turn.Submit is not null && turn.Step != step.Id)
        {
            return Out(s, cards.Step(s, text.Notice("oldCard")));
        }

        if (turn.Submit is not null && turn.Values.Keys.Any(k => step.Fields.TrueForAll(f => f.Id != k)))
        {
            return Out(s, cards.Step(s, text.Notice("unreadable")));
        }

        switch (turn.Command)
        {
            case "help":
                var help = ReflectionTextData.Fill(text.Help, ("stepHelp", step.Help), ("commands", text.CommandsHint));
                return Out(s, new TextReply(help), cards.Step(s));
            case "cancel":
                return new FlowOutcome(null, [new TextReply(text.Cancelled)]);
            case "restart":
                return Begin(context, text.Notice("startingFresh"));
            case "continue":
                return Out(s, cards.Step(s));
            case "back":
                return turn.Submit is null ? BackField(s, step) : BackStep(s);
            case "skip":
                if (turn.Submit is null)
                {
                    var field = ReflectionCards.Pending(s, step)!;
                    ClearDraft(s, field.Id);
                    return NextField(s, step, field, context, []);
                }

                foreach (var f in step.Fields)
                {
                    ClearDraft(s, f.Id);
                }

                return NextStep(s, context, []);
            case "next" when turn.Submit is not null:
                return SubmitStep(s, step, turn, context);
            case null or "repair" or "more" or "another" or "done" when turn.Submit is null:
                return TypedAnswer(s, step, turn.Text, context);
            default:
                return Out(s, cards.Step(s, text.Notice("unreadable")));
        }
    }

    // ----- answering -----

    private FlowOutcome TypedAnswer(ReflectionSession s, StepDefinition step, string typed, ClinicianContext context)
    {
        var notes = new List<Reply>();
        RiskCheck(s, typed, notes);
        var field = ReflectionCards.Pending(s, step)!;

        // Two questions in one step, answered at once: "4 3", "4, 3", "partly, yes".
        var index = step.Fields.IndexOf(field);
        var second = index + 1 < step.Fields.Count ? step.Fields[index + 1] : null;
        if (field.Kind == FieldKinds.One && second?.Kind == FieldKinds.One && TypedText.SplitPair(typed) is { } pair)
        {
            var a = ParseTyped(field, pair.First);
            var b = ParseTyped(second, pair.Second);
            if (a.Error is null && b.Error is null)
            {
                SessionFields.Set(s, field.Id, a.Values);
                SessionFields.Set(s, second.Id, b.Values);
                CareCheck(s, field.Id, context, notes);
                CareCheck(s, second.Id, context, notes);
                return NextField(s, step, second, context, notes);
            }
        }

        var parsed = ParseTyped(field, typed);
        if (parsed.Error is not null)
        {
            if (parsed.Draft is not null)
            {
                // Typed, so perhaps no card shows the box: the words come back as text too.
                s.DraftField = field.Id;
                s.DraftText = parsed.Draft;
                notes.Add(new TextReply(text.Notice("draftKept", ("draft", parsed.Draft))));
            }

            notes.Add(cards.Step(s, parsed.Error));
            return Out(s, [.. notes]);
        }

        SessionFields.Set(s, field.Id, parsed.Values);
        ClearDraft(s, field.Id);
        CareCheck(s, field.Id, context, notes);
        return NextField(s, step, field, context, notes);
    }

    private FlowOutcome SubmitStep(ReflectionSession s, StepDefinition step, Turn turn, ClinicianContext context)
    {
        var notes = new List<Reply>();
        var parsed = new Dictionary<string, Parsed>();
        foreach (var field in step.Fields)
        {
            turn.Values.TryGetValue(field.Id, out var node);
            if (!TryReadSubmitted(node, out var raw))
            {
                return Out(s, cards.Step(s, text.Notice("unreadable")));
            }

            var result = field.Kind != FieldKinds.Text ? ParseValues(field, raw)
                : TypedText.Clean(raw).Length == 0 ? new Parsed([])
                : ParseText(field, raw);
            if (result.Error is not null && result.Draft is null)
            {
                return Out(s, cards.Step(s, result.Error));
            }

            parsed[field.Id] = result;
        }

        if (parsed.Values.All(p => p.Values.Count == 0 && p.Draft is null))
        {
            return Out(s, cards.Step(s, text.Notice("nothingChosen")));
        }

        // Writing in an "other" box means "other" is chosen.
        foreach (var field in step.Fields.Where(f => f.OtherOf is not null))
        {
            var p = parsed[field.Id];
            var list = parsed[field.OtherOf!];
            if ((p.Values.Count > 0 || p.Draft is not null) && !list.Values.Contains("Other"))
            {
                parsed[field.OtherOf!] = list with { Values = [.. list.Values, "Other"] };
            }
        }

        string? tooLong = null;
        foreach (var field in step.Fields)
        {
            var p = parsed[field.Id];
            if (field.Kind == FieldKinds.Text)
            {
                RiskCheck(s, p.Draft ?? (p.Values.Count > 0 ? p.Values[0] : ""), notes);
            }

            if (p.Draft is not null)
            {
                s.DraftField = field.Id;
                s.DraftText = p.Draft;
                tooLong ??= p.Error;
                continue;
            }

            ClearDraft(s, field.Id);
            SessionFields.Set(s, field.Id, p.Values);
            CareCheck(s, field.Id, context, notes);
        }

        if (tooLong is not null)
        {
            notes.Add(cards.Step(s, tooLong));
            return Out(s, [.. notes]);
        }

        return NextStep(s, context, notes);
    }

    private FlowOutcome NextField(ReflectionSession s, StepDefinition step, FieldDefinition answered, ClinicianContext context, List<Reply> notes)
    {
        var next = step.Fields.Skip(step.Fields.IndexOf(answered) + 1).FirstOrDefault(f => Asked(s, f));
        if (next is null)
        {
            return NextStep(s, context, notes);
        }

        s.Field = next.Id;
        notes.Add(cards.Step(s, text.Notice("nextQuestion")));
        return Out(s, [.. notes]);
    }

    private FlowOutcome NextStep(ReflectionSession s, ClinicianContext context, List<Reply> notes)
    {
        ReflectionStep? next = s.Step switch
        {
            ReflectionStep.Presence => ReflectionStep.Pulls,
            ReflectionStep.Pulls => ReflectionStep.Misattunement,
            ReflectionStep.Misattunement => Noticed(s) ? ReflectionStep.Moment : ReflectionStep.Lens,
            ReflectionStep.Moment => ReflectionStep.Lens,
            ReflectionStep.Lens => ReflectionStep.RepairSoFar,
            ReflectionStep.RepairSoFar => ReflectionStep.Forward,
            _ => null,
        };
        if (next is null)
        {
            s.State = ReflectionState.Finished;
            s.CompletedAt = context.Now;
            s.Field = null;
            s.DraftField = null;
            s.DraftText = null;
            notes.Add(cards.Summary(s));
            return new FlowOutcome(s, notes, new CompletedReflection(s.Id, s.StartedAt, context.Now, s.ToAnswers()));
        }

        s.Step = next.Value;
        s.Field = steps.For(next.Value).Fields[0].Id;
        notes.Add(cards.Step(s));
        return Out(s, [.. notes]);
    }

    private FlowOutcome BackField(ReflectionSession s, StepDefinition step)
    {
        var field = ReflectionCards.Pending(s, step)!;
        var previous = step.Fields.Take(step.Fields.IndexOf(field)).LastOrDefault(f => Asked(s, f));
        if (previous is not null)
        {
            s.Field = previous.Id;
            return Out(s, cards.Step(s));
        }

        var before = Previous(s);
        if (before is null)
        {
            return Out(s, cards.Step(s, text.Notice("firstStep")));
        }

        s.Step = before.Value;
        s.Field = steps.For(before.Value).Fields.LastOrDefault(f => Asked(s, f))?.Id;
        return Out(s, cards.Step(s));
    }

    private FlowOutcome BackStep(ReflectionSession s)
    {
        var before = Previous(s);
        if (before is null)
        {
            return Out(s, cards.Step(s, text.Notice("firstStep")));
        }

        s.Step = before.Value;
        s.Field = steps.For(before.Value).Fields[0].Id;
        return Out(s, cards.Step(s));
    }

    private static ReflectionStep? Previous(ReflectionSession s) => s.Step switch
    {
        ReflectionStep.Pulls => ReflectionStep.Presence,
        ReflectionStep.Misattunement => ReflectionStep.Pulls,
        ReflectionStep.Moment => ReflectionStep.Misattunement,
        ReflectionStep.Lens => Noticed(s) ? ReflectionStep.Moment : ReflectionStep.Misattunement,
        ReflectionStep.RepairSoFar => ReflectionStep.Lens,
        ReflectionStep.Forward => ReflectionStep.RepairSoFar,
        _ => null,
    };

    private static bool Noticed(ReflectionSession s) => s.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure;

    /// <summary>An "other" text box is asked (typed) only when its list has "Other" chosen.</summary>
    private static bool Asked(ReflectionSession s, FieldDefinition field) =>
        field.OtherOf is null || SessionFields.Get(s, field.OtherOf).Contains("Other");

    private static void ClearDraft(ReflectionSession s, string field)
    {
        if (s.DraftField == field)
        {
            s.DraftField = null;
            s.DraftText = null;
        }
    }

    // ----- care -----

    private void CareCheck(ReflectionSession s, string field, ClinicianContext context, List<Reply> notes)
    {
        if (field != "settledness" || s.CareNoteShown || s.Settledness is not (1 or 2))
        {
            return;
        }

        if (context.RecentSettledness is [ (1 or 2), ..])
        {
            s.CareNoteShown = true;
            notes.Add(new TextReply(text.CareNote));
        }
    }

    private void RiskCheck(ReflectionSession s, string? typed, List<Reply> notes)
    {
        if (s.RiskNoteShown || string.IsNullOrWhiteSpace(typed))
        {
            return;
        }

        bool found;
        try
        {
            found = risk.IsMatch(TypedText.Normalize(typed.Length > MaxDraftLength ? typed[..MaxDraftLength] : typed));
        }
        catch (RegexMatchTimeoutException)
        {
            found = false;
        }

        if (found)
        {
            s.RiskNoteShown = true;
            notes.Add(new TextReply(text.RiskNote));
        }
    }

    // ----- parsing -----

    private sealed record Parsed(IReadOnlyList<string> Values, string? Error = null, string? Draft = null);

    private Parsed ParseTyped(FieldDefinition field, string typed) =>
        field.Kind switch
        {
            FieldKinds.Text => ParseText(field, typed),
            FieldKinds.One => ParseChoices(field, [typed]),
            _ => ParseChoices(field, TypedText.SplitMany(typed)),
        };

    private Parsed ParseText(FieldDefinition field, string raw)
    {
        var clean = TypedText.Clean(raw);
        if (clean.Length == 0)
        {
            return new Parsed([], text.Notice("emptyText"));
        }

        var length = TypedText.Length(clean);
        var limit = field.MaxLength ?? 500;
        if (length > limit)
        {
            var draft = clean.Length > MaxDraftLength ? clean[..MaxDraftLength] : clean;
            return new Parsed([], text.Notice("tooLong", ("limit", limit), ("length", length)), draft);
        }

        return new Parsed([clean]);
    }

    private Parsed ParseChoices(FieldDefinition field, IReadOnlyList<string> parts)
    {
        if (parts.Count == 0 || parts.All(p => TypedText.Clean(p).Length == 0))
        {
            return new Parsed([], text.Notice("nothingChosen"));
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var match = TypedText.Match(part, field.Choices);
            if (match.Choice is not null)
            {
                chosen.Add(match.Choice.Value);
                continue;
            }

            var shown = Shown(part);
            if (match.Options.Count > 1)
            {
                var options = string.Join(text.FitsSeparator, match.Options.Select(o => $"{field.Choices.IndexOf(o) + 1} {o.Title}"));
                return new Parsed([], text.Notice("ambiguous", ("answer", shown), ("options", options)));
            }

            return new Parsed([], match.IsOutOfRange
                ? text.Notice("outOfRange", ("fits", Fits(field)))
                : text.Notice("didNotFit", ("answer", shown), ("fits", Fits(field))));
        }

        return Ordered(field, chosen);
    }

    private Parsed ParseValues(FieldDefinition field, string raw)
    {
        var values = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length > 1 && field.Kind != FieldKinds.Many)
        {
            return new Parsed([], text.Notice("unreadable"));
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var choice = field.Choices.Find(c => c.Value == value);
            if (choice is null)
            {
                return new Parsed([], text.Notice("unreadable"));
            }

            chosen.Add(choice.Value);
        }

        return Ordered(field, chosen);
    }

    private Parsed Ordered(FieldDefinition field, HashSet<string> chosen)
    {
        var ordered = field.Choices.Where(c => chosen.Contains(c.Value)).ToList();
        var exclusive = ordered.Find(c => c.Exclusive);
        if (exclusive is not null && ordered.Count > 1)
        {
            return new Parsed([], text.Notice("exclusive", ("title", exclusive.Title)));
        }

        return new Parsed([.. ordered.Select(c => c.Value)]);
    }

    private string Fits(FieldDefinition field) =>
        ReflectionTextData.Fill(text.FitsNumbers, ("first", 1), ("last", field.Choices.Count));

    /// <summary>A typed answer quoted back: cleaned, on one line, at most 40 characters.</summary>
    private static string Shown(string part)
    {
        var clean = string.Join(' ', TypedText.Clean(part).Split((char[])['\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        var info = new System.Globalization.StringInfo(clean);
        return info.LengthInTextElements > 40 ? info.SubstringByTextElements(0, 40) + "…" : clean;
    }

    /// <summary>A submitted input: a string (or a number, which some clients send); missing is "".</summary>
    private static bool TryReadSubmitted(JsonNode? node, out string raw)
    {
        raw = "";
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue<string>(out var s))
            {
                raw = s;
                return true;
            }

            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n))
            {
                raw = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return true;
            }
        }

        return false;
    }

    private bool Is(string? typed, string command) =>
        text.Commands.TryGetValue(command, out var words) && TypedText.IsOneOf(typed, words);

    private static string? Str(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var node) && node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ReflectionSession Clone(ReflectionSession session) =>
        JsonSerializer.Deserialize<ReflectionSession>(JsonSerializer.Serialize(session))!;

    /// <summary>One turn, read: a typed command, a typed answer, or a card submit (step, action, input values).</summary>
    private sealed record Turn(string? Command, string Text, JsonObject? Submit, string? Step, IReadOnlyDictionary<string, JsonNode?> Values)
    {
        private static readonly string[] TypedCommands = ["start", "help", "cancel", "restart", "back", "skip", "continue", "repair", "more", "another", "done"];

        public static Turn Read(UserInput input, ReflectionFlow flow)
        {
            if (input.Submit is { } submit)
            {
                var values = submit
                    .Where(p => !SubmitKeys.Contains(p.Key) && p.Key != "msteams")
                    .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                var action = Str(submit, "action");
                var command = action switch
                {
                    "startOver" => "restart",
                    "start" or "next" or "skip" or "back" or "help" or "cancel" or "restart" or "continue"
                        or "repair" or "more" or "another" or "done" => action,
                    _ => "invalid",
                };
                if (Str(submit, "flow") != FlowName)
                {
                    command = "invalid";
                }

                return new Turn(command, "", submit, Str(submit, "step"), values);
            }

            var typed = input.Text ?? "";
            var typedCommand = TypedCommands.FirstOrDefault(c => flow.Is(typed, c));
            return new Turn(typedCommand, typed, null, null, new Dictionary<string, JsonNode?>());
        }
    }
}
