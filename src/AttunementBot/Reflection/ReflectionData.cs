using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using AttunementBot.Common;

namespace AttunementBot.Reflection;

/// <summary>The reflection's steps and words, loaded once from the embedded data files.</summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class ReflectionStepsData
{
    public List<StepDefinition> Steps { get; set; } = [];

    private static readonly Lazy<ReflectionStepsData> Shared = new(() => EmbeddedData.Load<ReflectionStepsData>("Reflection/reflection-steps.json"));

    public static ReflectionStepsData Default => Shared.Value;

    public StepDefinition For(ReflectionStep step) =>
        Steps.Find(s => s.Id == StepIds.Of(step)) ?? throw new InvalidOperationException($"reflection-steps.json has no step '{StepIds.Of(step)}'.");

    public FieldDefinition Field(string id) =>
        Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Id == id) ?? throw new InvalidOperationException($"reflection-steps.json has no field '{id}'.");
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class StepDefinition
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string Intro { get; set; } = "";

    public string Help { get; set; } = "";

    public List<FieldDefinition> Fields { get; set; } = [];
}

public static class FieldKinds
{
    public const string One = "single";
    public const string Many = "multi";
    public const string Text = "text";
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class FieldDefinition
{
    public string Id { get; set; } = "";

    /// <summary>single, multi or text (<see cref="FieldKinds"/>).</summary>
    public string Kind { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>The question on its own, for a typed answer.</summary>
    public string Ask { get; set; } = "";

    public int? MaxLength { get; set; }

    /// <summary>A text field asked only when this (multi) field's "Other" is chosen.</summary>
    public string? OtherOf { get; set; }

    /// <summary>Shown only when the last reflection left this to follow up (<see cref="FieldNeeds"/>).</summary>
    public string? Needs { get; set; }

    /// <summary>Asked (typed) only when another field of the step has one of these values.</summary>
    public FieldCondition? AskedIf { get; set; }

    public List<ChoiceDefinition> Choices { get; set; } = [];
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class FieldCondition
{
    public string Field { get; set; } = "";

    public List<string> Values { get; set; } = [];
}

/// <summary>What a follow-up field needs from the last reflection.</summary>
public static class FieldNeeds
{
    public const string OpenRepair = "openRepair";
    public const string CarriedIntention = "carriedIntention";
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class ChoiceDefinition
{
    public string Value { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Meaning { get; set; }

    public List<string> Aliases { get; set; } = [];

    public bool Exclusive { get; set; }
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class ReflectionTextData
{
    private static readonly Lazy<ReflectionTextData> Shared = new(() => EmbeddedData.Load<ReflectionTextData>("Reflection/reflection-text.json"));

    public static ReflectionTextData Default => Shared.Value;

    public string Progress { get; set; } = "";

    public string ProgressFirst { get; set; } = "";

    public Dictionary<string, string> Actions { get; set; } = [];

    public Dictionary<string, List<string>> Commands { get; set; } = [];

    public string CommandsHint { get; set; } = "";

    public Dictionary<string, string> Fallback { get; set; } = [];

    public Dictionary<string, string> Notices { get; set; } = [];

    public string FitsNumbers { get; set; } = "";

    /// <summary>A choice named in a question back: its number and title.</summary>
    public string ChoiceNamed { get; set; } = "";

    public string Help { get; set; } = "";

    public Dictionary<string, string> Resume { get; set; } = [];

    public string Cancelled { get; set; } = "";

    public string NoReflection { get; set; } = "";

    public string FinishedHint { get; set; } = "";

    public string Done { get; set; } = "";

    public string CareNote { get; set; } = "";

    public string RiskNote { get; set; } = "";

    public SummaryText Summary { get; set; } = new();

    public Dictionary<string, string> RepairCard { get; set; } = [];

    /// <summary>The follow-up step's opening lines and the summary's words for it.</summary>
    public Dictionary<string, string> FollowUp { get; set; } = [];

    public ReadingWords Reading { get; set; } = new();

    public List<string> Distress { get; set; } = [];

    public string Comfort { get; set; } = "";

    /// <summary>What a card becomes once the reflection moves on from it.</summary>
    public Dictionary<string, string> Recaps { get; set; } = [];

    public string Notice(string key, params (string Name, object Value)[] values) => Fill(Lookup(Notices, key, "notices"), values);

    public string Recap(string key, params (string Name, object Value)[] values) => Fill(Lookup(Recaps, key, "recaps"), values);

    public string Action(string key) => Lookup(Actions, key, "actions");

    internal static string Lookup(Dictionary<string, string> map, string key, string section) =>
        map.TryGetValue(key, out var text) ? text : throw new InvalidOperationException($"reflection-text.json has no {section}.{key}.");

    /// <summary>Fills {name} placeholders.</summary>
    public static string Fill(string template, params (string Name, object Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var text = template;
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }
}

/// <summary>The small words that shape how a typed reply is read (reflection-text.json "reading").</summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Deserialized data.")]
public sealed class ReadingWords
{
    /// <summary>Passed over: they soften an answer without changing it ("I think", "a bit", "really").</summary>
    public List<string> Hedges { get; set; } = [];

    /// <summary>Words that are not content of their own ("the", "she", "was").</summary>
    public List<string> Fillers { get; set; } = [];

    /// <summary>Words that undo the phrase right after them ("not rushed").</summary>
    public List<string> Negators { get; set; } = [];

    /// <summary>Everyday words one typo away from a choice's words, so never taken for them ("quite" is not "quiet").</summary>
    public List<string> NeverNear { get; set; } = [];

    /// <summary>Words between numbers ("2 and 6", "3 or 4").</summary>
    public List<string> Joiners { get; set; } = [];

    /// <summary>Words that make numbers one undecided answer ("3 or 4", "between 3 and 4").</summary>
    public List<string> Alternatives { get; set; } = [];

    public Dictionary<string, int> NumberWords { get; set; } = [];
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
public sealed class SummaryText
{
    public string Title { get; set; } = "";

    public string Private { get; set; } = "";

    public string Framing { get; set; } = "";

    public string DateFormat { get; set; } = "";

    public string NotAnswered { get; set; } = "";

    public string ListSeparator { get; set; } = "";

    public string Other { get; set; } = "";

    public string Meaning { get; set; } = "";

    public Dictionary<string, string> Facts { get; set; } = [];

    public string IntentionLabel { get; set; } = "";

    public string NoIntention { get; set; } = "";

    public string AllSkipped { get; set; } = "";

    public string ListComma { get; set; } = "";

    public string ListAnd { get; set; } = "";

    /// <summary>Sentences that hold a list of chosen phrases or the clinician's words.</summary>
    public Dictionary<string, string> Sentences { get; set; } = [];

    /// <summary>Per field, per choice value: the answer as a sentence (or, for lists, a phrase).</summary>
    public Dictionary<string, Dictionary<string, string>> Said { get; set; } = [];
}

/// <summary>Step ids as cards and data spell them.</summary>
public static class StepIds
{
    public const string Resume = "resume";
    public const string Summary = "summary";
    public const string RepairLanguage = "repairLanguage";
    public const string Start = "start";

    public static string Of(ReflectionStep step) => JsonNamingPolicy.CamelCase.ConvertName(step.ToString());

    public static ReflectionStep? Parse(string? id) =>
        Enum.GetValues<ReflectionStep>().Cast<ReflectionStep?>().FirstOrDefault(s => Of(s!.Value) == id);
}
