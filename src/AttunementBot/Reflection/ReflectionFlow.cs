using System.Text.Json;
using AttunementBot.Common.Risk;

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

    private readonly IRepairLanguage repair;
    private readonly ReflectionStepsData steps;
    private readonly ReflectionTextData text;
    private readonly ReflectionCards cards;
    private readonly CareNotes care;
    private readonly AnswerParser parser;
    private readonly Func<string> newId;

    public ReflectionFlow(IRepairLanguage repair, ReflectionStepsData? steps = null, ReflectionTextData? text = null, Func<string>? newId = null)
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

    /// <summary>Whether this turn could begin a new reflection, so the caller gives the last one in <see cref="ClinicianContext.Last"/>.</summary>
    public bool MayBegin(UserInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ReflectionTurn.Read(input, text).Command is "start" or "restart" or "another";
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

        if (session is null or { State: ReflectionState.Finished } && parser.TellsOfDistress(input.Text))
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

    /// <summary>What a card becomes when the reflection has moved on from it and nothing more fits: one quiet line.</summary>
    public CardReply CardBehind() => ReflectionCards.Recap(text.Recap("stale"));

    /// <summary>Shows where a reflection stands, taking no answer: for a person who may not have seen the last card.</summary>
    public FlowOutcome Current(ReflectionSession session, string notice)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.State switch
        {
            ReflectionState.Active => Out(session, new TextReply(notice), cards.Step(session)),
            ReflectionState.AwaitingResume => Out(session, new TextReply(notice), cards.Resume(session)),
            _ => Out(session, new TextReply(notice), LiveFinishedCard(session, kept: false)),
        };
    }

    public FlowOutcome Handle(ReflectionSession? session, UserInput input, ClinicianContext context)
    {
        var outcome = Decide(session, input, context);
        if (outcome.Stale)
        {
            return outcome;
        }

        return outcome with { Recap = RecapOf(session, outcome), SameCard = IsSameCard(session, outcome) };
    }

    private FlowOutcome Decide(ReflectionSession? session, UserInput input, ClinicianContext context)
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

        if ((s is null || s.State == ReflectionState.Finished) && turn.Submit is null && parser.TellsOfDistress(turn.Text))
        {
            return new FlowOutcome(s, Comfort(s ?? new ReflectionSession(), turn.Text, context));
        }

        if (s is null)
        {
            // A button on a card from a reflection that is over: nothing to say about it.
            return turn.Submit is null ? new FlowOutcome(null, [new TextReply(text.NoReflection)]) : Stale(null);
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
        };
        CarryIn(s, context);
        s.Field = FirstField(s, s.Step);
        return Out(s, cards.Step(s, notice));
    }

    /// <summary>
    /// When the last reflection noticed a moment still to repair, or set an intention, this one opens by following it
    /// up (the seed: it takes many reattunements).
    /// </summary>
    private static void CarryIn(ReflectionSession s, ClinicianContext context)
    {
        if (context.Last is not { } last)
        {
            return;
        }

        var answers = last.Answers;
        var open = answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure
            && answers.Repair is RepairSoFar.NotYet or RepairSoFar.Partly;
        var intention = string.IsNullOrWhiteSpace(answers.Intention) ? null : answers.Intention;
        if (!open && intention is null)
        {
            return;
        }

        s.Step = ReflectionStep.FollowUp;
        s.FollowUpOf = last.Id;
        s.FollowUpOfDate = last.CompletedAt.ToOffset(context.Now.Offset);
        s.FollowUpOfRepair = open ? answers.Repair : null;
        s.FollowUpRepairOpen = open;
        s.CarriedIntention = intention;
        s.FollowUpHadIntention = intention is not null;
    }

    /// <summary>The first question of a step that is asked in this reflection.</summary>
    private string FirstField(ReflectionSession s, ReflectionStep step)
    {
        var fields = steps.For(step).Fields;
        return (fields.Find(f => StepOrder.Asked(s, f)) ?? fields[0]).Id;
    }

    private FlowOutcome Finished(ReflectionSession s, ReflectionTurn turn, ClinicianContext context)
    {
        if (turn.Submit is not null && turn.Step is not (StepIds.Summary or StepIds.RepairLanguage))
        {
            return Stale(s);
        }

        if (turn.Submit is not null && turn.Values.Count > 0)
        {
            return Out(s, new TextReply(text.FinishedHint));
        }

        switch (turn.Command)
        {
            case "repair":
                s.RepairRound = 0;
                s.RepairShown = true;
                return Out(s, LiveFinishedCard(s, kept: false));
            case "more":
                s.RepairRound++;
                s.RepairShown = true;
                return Out(s, LiveFinishedCard(s, kept: false));
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
        if (turn.Submit is not null && turn.Step != StepIds.Resume)
        {
            return Stale(s, cards.Resume(s));
        }

        if (turn.Submit is not null && turn.Values.Count > 0)
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
            case null when Is(turn.Text, "greeting"):
                return Out(s, cards.Resume(s, text.Notice("greeting")));
            default:
                return Out(s, cards.Resume(s, ReflectionTextData.Lookup(text.Resume, "reask", "resume")));
        }
    }

    private FlowOutcome Active(ReflectionSession s, ReflectionTurn turn, ClinicianContext context)
    {
        var step = steps.For(s.Step);
        if (turn.Submit is not null && turn.Step != step.Id)
        {
            return Stale(s, cards.Step(s));
        }

        if (turn.Submit is not null && turn.Values.Keys.Any(k => step.Fields.TrueForAll(f => f.Id != k)))
        {
            return Out(s, cards.Step(s, text.Notice("unreadable")));
        }

        if (turn.Submit is null && Is(turn.Text, "greeting"))
        {
            // After a while away (or a restart), "hi" is a hello, not the answer to the open question.
            return Out(s, new TextReply(text.Notice("greeting")), cards.Step(s));
        }

        if (turn.Submit is null && Is(turn.Text, "thanks"))
        {
            return Out(s, new TextReply(Joined(text.Notice("thanks"), ReflectionCards.Pending(s, step)!.Ask)));
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
                    return NextField(s, step, field, [field.Id], text.Notice("skipped"), context, []);
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
        var read = parser.Typed(step, field, typed);
        if (read.Error is not null)
        {
            if (read.Draft is not null)
            {
                // Typed, so perhaps no card shows the box: the words come back as text too.
                s.DraftField = field.Id;
                s.DraftText = read.Draft;
                notes.Add(new TextReply(text.Notice("draftKept", ("draft", read.Draft))));
            }

            if (read.Draft is null && field.Kind != FieldKinds.Text && parser.TellsOfDistress(typed))
            {
                notes.AddRange(Comfort(s, null, context));
                notes.Add(new TextReply(field.Ask));
                return Out(s, [.. notes]);
            }

            notes.Add(cards.Step(s, read.Error));
            return Out(s, [.. notes]);
        }

        // Words that also answer a question this reflection doesn't ask ("not yet, she was hurt": how the client met
        // a repair that hasn't happened) are left unsaid.
        var taken = new List<FieldAnswer>();
        foreach (var answer in read.Answers.Where(a => a.Field == field || StepOrder.Asked(s, a.Field)))
        {
            SessionFields.Set(s, answer.Field.Id, answer.Values);
            ClearDraft(s, answer.Field.Id);
            care.CheckSettledness(s, answer.Field.Id, context, notes);
            taken.Add(answer);
        }

        return NextField(s, step, field, [.. taken.Select(a => a.Field.Id)], Noted(taken), context, notes);
    }

    /// <summary>What was understood, said back: "Noted: in and out, and uneasy."</summary>
    private string Noted(IReadOnlyList<FieldAnswer> answers) => text.Notice("noted", ("answer", Understood(answers)));

    /// <summary>Answers in a few words: "in and out, and uneasy"; free text is named, not repeated.</summary>
    private string Understood(IEnumerable<FieldAnswer> answers)
    {
        var parts = answers.Select(a => a.Field.Kind == FieldKinds.Text
            ? text.Notice(a.Field.Id == "intention" ? "notedIntention" : "notedWords")
            : string.Join(text.Summary.ListSeparator, a.Values.Select(v => Lowered(a.Field.Choices.First(c => c.Value == v).Title))));
        return string.Join(text.Notice("notedJoin"), parts);
    }

    // ----- the card left behind -----

    /// <summary>A press on a card the reflection has moved on from: no noise, only where things are.</summary>
    private FlowOutcome Stale(ReflectionSession? s, params Reply[] whereWeAre) =>
        new(s, whereWeAre, Recap: CardBehind(), Stale: true);

    /// <summary>The summary, or repair language when that was asked for; kept = without buttons, as a record.</summary>
    private CardReply LiveFinishedCard(ReflectionSession s, bool kept) => s.RepairShown
        ? cards.Repair(repair.Suggest(s.ToAnswers(), s.RepairRound), s.RepairRound, kept)
        : cards.Summary(s, repair.Suggest(s.ToAnswers(), 0), kept);

    private CardReply? RecapOf(ReflectionSession? before, FlowOutcome outcome)
    {
        var after = outcome.Session;
        if (before is null
            || (after is not null && after.Id == before.Id && after.State == before.State && !outcome.Replies.OfType<CardReply>().Any()))
        {
            // No card before, or it stays: nothing new replaces it.
            return null;
        }

        switch (before.State)
        {
            case ReflectionState.Finished:
                return LiveFinishedCard(before, kept: true);
            case ReflectionState.AwaitingResume:
                return ReflectionCards.Recap(text.Recap(after is null ? "cancelled" : after.Id != before.Id ? "startedFresh" : after.State == ReflectionState.Active ? "resumed" : "waiting"));
            default:
                if (after is null)
                {
                    return ReflectionCards.Recap(text.Recap("cancelled"));
                }

                var step = steps.For(before.Step);
                var answers = step.Fields
                    .Select(f => new FieldAnswer(f, SessionFields.Get(after.Id == before.Id ? after : before, f.Id)))
                    .Where(a => a.Values.Count > 0)
                    .ToList();
                var (number, total) = StepOrder.Position(before);
                var progress = ReflectionTextData.Fill(text.Progress, ("number", number), ("total", total));
                return ReflectionCards.Recap(answers.Count == 0
                    ? text.Recap("stepOpen", ("progress", progress), ("title", step.Title))
                    : text.Recap("step", ("progress", progress), ("title", step.Title), ("answers", Understood(answers))));
        }
    }

    private static bool IsSameCard(ReflectionSession? before, FlowOutcome outcome) =>
        before is not null && outcome.Session is { } after && after.Id == before.Id && after.State == before.State
        && after.State switch
        {
            ReflectionState.Active => after.Step == before.Step,
            ReflectionState.Finished => after.RepairShown == before.RepairShown && after.RepairRound == before.RepairRound,
            _ => true,
        };

    /// <summary>A title inside a sentence: "In and out" → "in and out"; "I felt rushed" stays.</summary>
    private static string Lowered(string title) =>
        title.Length > 1 && char.IsUpper(title[0]) && !char.IsUpper(title[1]) && !title.StartsWith("I ", StringComparison.Ordinal)
            ? char.ToLowerInvariant(title[0]) + title[1..]
            : title;

    private static string Joined(params string?[] sentences) => string.Join(" ", sentences.Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>
    /// A hard time told outside the questions: warm words and an offer to reflect; the care note when the last two
    /// reflections were unsettled too; the risk note when the words touch on risk.
    /// </summary>
    private List<Reply> Comfort(ReflectionSession s, string? typed, ClinicianContext context)
    {
        var replies = new List<Reply> { new TextReply(text.Comfort) };
        if (context.RecentSettledness is [(1 or 2), (1 or 2), ..])
        {
            replies.Add(new TextReply(text.CareNote));
        }

        care.CheckRisk(s, typed, replies);
        return replies;
    }

    private FlowOutcome SubmitStep(ReflectionSession s, StepDefinition step, ReflectionTurn turn, ClinicianContext context)
    {
        var notes = new List<Reply>();
        var parsed = new Dictionary<string, ParsedAnswer>();
        foreach (var field in step.Fields.Where(f => StepOrder.Shown(s, f)))
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
        foreach (var field in step.Fields.Where(f => f.OtherOf is not null && parsed.ContainsKey(f.Id)))
        {
            var p = parsed[field.Id];
            var list = parsed[field.OtherOf!];
            if ((p.Values.Count > 0 || p.Draft is not null) && !list.Values.Contains("Other"))
            {
                parsed[field.OtherOf!] = list with { Values = [.. list.Values, "Other"] };
            }
        }

        string? tooLong = null;
        foreach (var field in step.Fields.Where(f => parsed.ContainsKey(f.Id)))
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

    /// <summary>
    /// After <paramref name="answered"/>: the step's next question not already answered in this reply, or, when the
    /// step is done, the next step; either way with what was understood said back.
    /// </summary>
    private FlowOutcome NextField(ReflectionSession s, StepDefinition step, FieldDefinition answered, IReadOnlyCollection<string> answeredNow, string said, ClinicianContext context, List<Reply> notes)
    {
        var next = step.Fields.Skip(step.Fields.IndexOf(answered) + 1).FirstOrDefault(f => StepOrder.Asked(s, f) && !answeredNow.Contains(f.Id));
        if (next is null)
        {
            return NextStep(s, context, notes, said);
        }

        s.Field = next.Id;
        notes.Add(cards.Step(s, said));
        return Out(s, [.. notes]);
    }

    private FlowOutcome NextStep(ReflectionSession s, ClinicianContext context, List<Reply> notes, string? said = null)
    {
        var next = StepOrder.After(s);
        if (next is null)
        {
            s.State = ReflectionState.Finished;
            s.CompletedAt = context.Now;
            s.Field = null;
            s.DraftField = null;
            s.DraftText = null;
            notes.Add(LiveFinishedCard(s, kept: false));
            return new FlowOutcome(s, notes, new CompletedReflection(s.Id, s.StartedAt, context.Now, s.ToAnswers()));
        }

        s.Step = next.Value;
        s.Field = FirstField(s, next.Value);
        notes.Add(cards.Step(s, said));
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
        s.Field = FirstField(s, before.Value);
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
