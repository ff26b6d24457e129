using System.Text.Json;
using AttunementBot.Common.Risk;
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

    private readonly RepairSuggester repair;
    private readonly ReflectionStepsData steps;
    private readonly ReflectionTextData text;
    private readonly ReflectionCards cards;
    private readonly CareNotes care;
    private readonly AnswerParser parser;
    private readonly Func<string> newId;

    public ReflectionFlow(RepairSuggester repair, ReflectionStepsData? steps = null, ReflectionTextData? text = null, Func<string>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(repair);
        this.repair = repair;
        this.steps = steps ?? ReflectionStepsData.Default;
        this.text = text ?? ReflectionTextData.Default;
        this.newId = newId ?? (() => Guid.NewGuid().ToString("N"));
        cards = new ReflectionCards(this.steps, this.text);
        care = new CareNotes(this.text, RiskDetector.Shared);
        parser = new AnswerParser(this.text);
    }

    public ReflectionCards Cards => cards;

    /// <summary>"reflect", "start", or the start button on a prompt card (<c>{"flow":"reflection","action":"start"}</c>).</summary>
    public bool IsStartCommand(UserInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null)
        {
            return ReflectionTurn.SubmitString(input.Submit, "flow") == FlowName && ReflectionTurn.SubmitString(input.Submit, "action") == "start";
        }

        return Is(input.Text, "start");
    }

    /// <summary>Whether this turn belongs to the reflection (otherwise the bot handles it).</summary>
    public bool Owns(UserInput input, ReflectionSession? session)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null)
        {
            return ReflectionTurn.SubmitString(input.Submit, "flow") == FlowName;
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

    /// <summary>Shows where a reflection stands, taking no answer: for a person who may not have seen the last card.</summary>
    public FlowOutcome Current(ReflectionSession session, string notice)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.State switch
        {
            ReflectionState.Active => Out(session, new TextReply(notice), cards.Step(session)),
            ReflectionState.AwaitingResume => Out(session, new TextReply(notice), cards.Resume(session)),
            _ => Out(session, new TextReply(notice), cards.Summary(session)),
        };
    }

    public FlowOutcome Handle(ReflectionSession? session, UserInput input, ClinicianContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var s = session is null ? null : Clone(session);
        var turn = ReflectionTurn.Read(input, text);

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

    private FlowOutcome Finished(ReflectionSession s, ReflectionTurn turn, ClinicianContext context)
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

    private FlowOutcome Resume(ReflectionSession s, ReflectionTurn turn, ClinicianContext context)
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

    private FlowOutcome Active(ReflectionSession s, ReflectionTurn turn, ClinicianContext context)
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
        care.CheckRisk(s, typed, notes);
        var field = ReflectionCards.Pending(s, step)!;

        // Two questions in one step, answered at once: "4 3", "4, 3", "partly, yes".
        var index = step.Fields.IndexOf(field);
        var second = index + 1 < step.Fields.Count ? step.Fields[index + 1] : null;
        if (field.Kind == FieldKinds.One && second?.Kind == FieldKinds.One && TypedText.SplitPair(typed) is { } pair)
        {
            var a = parser.Typed(field, pair.First);
            var b = parser.Typed(second, pair.Second);
            if (a.Error is null && b.Error is null)
            {
                SessionFields.Set(s, field.Id, a.Values);
                SessionFields.Set(s, second.Id, b.Values);
                care.CheckSettledness(s, field.Id, context, notes);
                care.CheckSettledness(s, second.Id, context, notes);
                return NextField(s, step, second, context, notes);
            }
        }

        var parsed = parser.Typed(field, typed);
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
        care.CheckSettledness(s, field.Id, context, notes);
        return NextField(s, step, field, context, notes);
    }

    private FlowOutcome SubmitStep(ReflectionSession s, StepDefinition step, ReflectionTurn turn, ClinicianContext context)
    {
        var notes = new List<Reply>();
        var parsed = new Dictionary<string, ParsedAnswer>();
        foreach (var field in step.Fields)
        {
            turn.Values.TryGetValue(field.Id, out var node);
            if (!AnswerParser.TryReadSubmitted(node, out var raw))
            {
                return Out(s, cards.Step(s, text.Notice("unreadable")));
            }

            var result = parser.Submitted(field, raw);
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
                care.CheckRisk(s, p.Draft ?? (p.Values.Count > 0 ? p.Values[0] : ""), notes);
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
            care.CheckSettledness(s, field.Id, context, notes);
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
        var next = step.Fields.Skip(step.Fields.IndexOf(answered) + 1).FirstOrDefault(f => StepOrder.Asked(s, f));
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
        var next = StepOrder.After(s);
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
        var previous = step.Fields.Take(step.Fields.IndexOf(field)).LastOrDefault(f => StepOrder.Asked(s, f));
        if (previous is not null)
        {
            s.Field = previous.Id;
            return Out(s, cards.Step(s));
        }

        var before = StepOrder.Before(s);
        if (before is null)
        {
            return Out(s, cards.Step(s, text.Notice("firstStep")));
        }

        s.Step = before.Value;
        s.Field = steps.For(before.Value).Fields.LastOrDefault(f => StepOrder.Asked(s, f))?.Id;
        return Out(s, cards.Step(s));
    }

    private FlowOutcome BackStep(ReflectionSession s)
    {
        var before = StepOrder.Before(s);
        if (before is null)
        {
            return Out(s, cards.Step(s, text.Notice("firstStep")));
        }

        s.Step = before.Value;
        s.Field = steps.For(before.Value).Fields[0].Id;
        return Out(s, cards.Step(s));
    }

    private static void ClearDraft(ReflectionSession s, string field)
    {
        if (s.DraftField == field)
        {
            s.DraftField = null;
            s.DraftText = null;
        }
    }

    private static FlowOutcome Out(ReflectionSession? s, params Reply?[] replies) =>
        new(s, [.. replies.OfType<Reply>()]);

    private bool Is(string? typed, string command) => ReflectionTurn.IsCommand(text, typed, command);

    private static ReflectionSession Clone(ReflectionSession session) =>
        JsonSerializer.Deserialize<ReflectionSession>(JsonSerializer.Serialize(session))!;
}
