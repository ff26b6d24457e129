using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Reflection;

/// <summary>A field's answer, read: its values, or why it could not be read (and, for a too-long text, the words kept as a draft).</summary>
internal sealed record ParsedAnswer(IReadOnlyList<string> Values, string? Error = null, string? Draft = null);

/// <summary>
/// Reads what the clinician gave for one field — typed text, or a card's submitted value — into the field's values,
/// or into the notice that says why it does not fit.
/// </summary>
internal sealed class AnswerParser(ReflectionTextData text)
{
    /// <summary>A typed answer: free text, one choice, or several choices in one line.</summary>
    public ParsedAnswer Typed(FieldDefinition field, string typed) =>
        field.Kind switch
        {
            FieldKinds.Text => Text(field, typed),
            FieldKinds.One => Choices(field, [typed]),
            _ => Choices(field, TypedText.SplitMany(typed)),
        };

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

    private ParsedAnswer Choices(FieldDefinition field, IReadOnlyList<string> parts)
    {
        if (parts.Count == 0 || parts.All(p => TypedText.Clean(p).Length == 0))
        {
            return new ParsedAnswer([], text.Notice("nothingChosen"));
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
                return new ParsedAnswer([], text.Notice("ambiguous", ("answer", shown), ("options", options)));
            }

            return new ParsedAnswer([], match.IsOutOfRange
                ? text.Notice("outOfRange", ("fits", Fits(field)))
                : text.Notice("didNotFit", ("answer", shown), ("fits", Fits(field))));
        }

        return Ordered(field, chosen);
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
