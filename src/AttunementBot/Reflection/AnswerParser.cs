using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Reflection;

/// <summary>A field's answer, read: its values, or why it could not be read (and, for a too-long text, the words kept as a draft).</summary>
internal sealed record ParsedAnswer(IReadOnlyList<string> Values, string? Error = null, string? Draft = null);

/// <summary>One field's values from a typed reply.</summary>
internal sealed record FieldAnswer(FieldDefinition Field, IReadOnlyList<string> Values);

/// <summary>
/// A typed reply to a step: the pending question's answer and any other question of the step the same words answer,
/// or why it could not be read (and, for a too-long text, the words kept as a draft).
/// </summary>
internal sealed record TypedAnswers(IReadOnlyList<FieldAnswer> Answers, string? Error = null, string? Draft = null);

/// <summary>
/// Reads what the clinician gave for one field — typed text, or a card's submitted value — into the field's values,
/// or into the notice that says why it does not fit.
/// </summary>
internal sealed class AnswerParser(ReflectionTextData text)
{
    private readonly ReplyReader reader = new(text.Reading);

    /// <summary>
    /// A typed reply while <paramref name="pending"/> is asked. Besides the pending question it may answer the step's
    /// next choose-one question ("4 3", "mostly with them, a bit uneasy") and, in a step that also asks for a few
    /// words, give them ("she got angry when I looked at the clock": a cue, and the moment).
    /// </summary>
    public TypedAnswers Typed(StepDefinition step, FieldDefinition pending, string typed)
    {
        if (pending.Kind == FieldKinds.Text)
        {
            var words = Text(pending, typed);
            return new TypedAnswers(words.Error is null ? [new FieldAnswer(pending, words.Values)] : [], words.Error, words.Draft);
        }

        var index = step.Fields.IndexOf(pending);
        var partner = pending.Kind == FieldKinds.One && index + 1 < step.Fields.Count && step.Fields[index + 1].Kind == FieldKinds.One
            ? step.Fields[index + 1]
            : null;

        // Two answers in the order asked, one per part ("partly, yes"): each part read for its own question.
        if (partner is not null && TypedText.SplitPair(typed) is { } pair)
        {
            var first = Choice(pending, reader.Read(pair.First, [pending]).Fields[0], pair.First);
            var second = Choice(partner, reader.Read(pair.Second, [partner]).Fields[0], pair.Second);
            if (first.Error is null && second.Error is null)
            {
                return new TypedAnswers([new FieldAnswer(pending, first.Values), new FieldAnswer(partner, second.Values)]);
            }
        }

        var reading = reader.Read(typed, partner is null ? [pending] : [pending, partner]);
        var answer = Choice(pending, reading.Fields[0], typed);
        if (answer.Error is not null)
        {
            return new TypedAnswers([], answer.Error);
        }

        var answers = new List<FieldAnswer> { new(pending, answer.Values) };
        if (partner is not null && reading.Fields[1].Found && Ordered(partner, [.. reading.Fields[1].Chosen.Select(c => c.Value)]) is { Error: null } also)
        {
            answers.Add(new FieldAnswer(partner, also.Values));
        }

        var wordsField = step.Fields.Skip(index + 1).FirstOrDefault(f => f.Kind == FieldKinds.Text && f.OtherOf is null);
        if (wordsField is not null && reading.OwnWords is { } own && Text(wordsField, own) is { Error: null } ownWords)
        {
            answers.Add(new FieldAnswer(wordsField, ownWords.Values));
        }

        return new TypedAnswers(answers);
    }

    /// <summary>Whether the words tell of a hard time ("I feel awful about that session").</summary>
    public bool TellsOfDistress(string? typed)
    {
        var normalized = " " + TypedText.Normalize(typed) + " ";
        return normalized.Length > 2 && text.Distress.Any(d => normalized.Contains(" " + TypedText.Normalize(d) + " ", StringComparison.Ordinal));
    }

    /// <summary>A card input's value: choice values as the card sends them, or a text box (left empty, it is no answer).</summary>
    public ParsedAnswer Submitted(FieldDefinition field, string raw) =>
        field.Kind != FieldKinds.Text ? Values(field, raw)
            : TypedText.Clean(raw).Length == 0 ? new ParsedAnswer([])
            : Text(field, raw);

    /// <summary>A submitted input: a string (or a number, which some clients send); missing is "".</summary>
    public static bool TryReadSubmitted(JsonNode? node, out string raw)
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
                raw = n.ToString(CultureInfo.InvariantCulture);
                return true;
            }
        }

        return false;
    }

    private ParsedAnswer Text(FieldDefinition field, string raw)
    {
        var clean = TypedText.Clean(raw);
        if (clean.Length == 0)
        {
            return new ParsedAnswer([], text.Notice("emptyText"));
        }

        var length = TypedText.Length(clean);
        var limit = field.MaxLength ?? 500;
        if (length > limit)
        {
            var draft = clean.Length > ReflectionFlow.MaxDraftLength ? clean[..ReflectionFlow.MaxDraftLength] : clean;
            return new ParsedAnswer([], text.Notice("tooLong", ("limit", limit), ("length", length)), draft);
        }

        return new ParsedAnswer([clean]);
    }

    private ParsedAnswer Choice(FieldDefinition field, FieldReading reading, string typed)
    {
        if (TypedText.Clean(typed).Length == 0)
        {
            return new ParsedAnswer([], text.Notice("nothingChosen"));
        }

        if (reading.Unsure.Count == 2)
        {
            string Named(ChoiceDefinition c) => ReflectionTextData.Fill(text.ChoiceNamed, ("number", field.Choices.IndexOf(c) + 1), ("title", c.Title));
            return new ParsedAnswer([], text.Notice("ambiguous", ("first", Named(reading.Unsure[0])), ("second", Named(reading.Unsure[1]))));
        }

        if (reading.Chosen.Count > 0)
        {
            return Ordered(field, [.. reading.Chosen.Select(c => c.Value)]);
        }

        return new ParsedAnswer([], reading.OutOfRange
            ? text.Notice("outOfRange", ("fits", Fits(field)))
            : text.Notice("didNotFit", ("answer", Shown(typed)), ("fits", Fits(field))));
    }

    private ParsedAnswer Values(FieldDefinition field, string raw)
    {
        var values = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length > 1 && field.Kind != FieldKinds.Many)
        {
            return new ParsedAnswer([], text.Notice("unreadable"));
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var choice = field.Choices.Find(c => c.Value == value);
            if (choice is null)
            {
                return new ParsedAnswer([], text.Notice("unreadable"));
            }

            chosen.Add(choice.Value);
        }

        return Ordered(field, chosen);
    }

    private ParsedAnswer Ordered(FieldDefinition field, HashSet<string> chosen)
    {
        var ordered = field.Choices.Where(c => chosen.Contains(c.Value)).ToList();
        var exclusive = ordered.Find(c => c.Exclusive);
        if (exclusive is not null && ordered.Count > 1)
        {
            return new ParsedAnswer([], text.Notice("exclusive", ("title", exclusive.Title)));
        }

        return new ParsedAnswer([.. ordered.Select(c => c.Value)]);
    }

    private string Fits(FieldDefinition field) =>
        ReflectionTextData.Fill(text.FitsNumbers, ("first", 1), ("last", field.Choices.Count));

    /// <summary>A typed answer quoted back: cleaned, on one line, at most 40 characters.</summary>
    private static string Shown(string part)
    {
        var clean = string.Join(' ', TypedText.Clean(part).Split((char[])['\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        var info = new StringInfo(clean);
        return info.LengthInTextElements > 40 ? info.SubstringByTextElements(0, 40) + "…" : clean;
    }
}
