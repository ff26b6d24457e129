using System.Text.RegularExpressions;
using AttunementBot.Reflection;

namespace AttunementBot.Tests.Repair;

/// <summary>The rules every suggested phrase keeps, written once so every test checks the same thing.</summary>
internal static partial class PhraseRules
{
    public const int MaxWords = 40;

    public static int WordCount(string text) => WhitespaceRun().Split(text.Trim()).Length;

    /// <summary>The clinician speaks for themselves: "I", "I'm", "I'd"… or "me" / "my".</summary>
    public static bool IsFirstPerson(string text) => FirstPersonWord().IsMatch(text);

    /// <summary>Clinical words a client should not hear in a plain, warm opening.</summary>
    public static IReadOnlyList<string> Jargon { get; } =
    [
        "attune", "attachment", "trauma", "separation distress", "safe haven", "secure base", "proximity",
        "protocol", "diagnos", "disorder", "dysregulat", "nervous system", "evidence-based", "intervention",
        "treatment", "therap", "symptom", "patholog",
    ];

    /// <summary>Words that would blame the client, or turn the clinician's apology into self-reproach.</summary>
    public static IReadOnlyList<string> Blame { get; } =
    [
        "your fault", "my fault", "you should", "you always", "you never", "overreact", "too sensitive",
        "failed", "should have", "blame", "bad at", "you made me",
    ];

    /// <summary>Words that assume the client was already given permission; a first permission must not use them.</summary>
    public static IReadOnlyList<string> AlreadySaid { get; } =
        ["before", "still", "again", "reminder", "said", "meant", "thank you for telling"];

    public static bool ContainsAny(string text, IEnumerable<string> words) =>
        words.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));

    public static string Describe(ReflectionAnswers answers, int round) =>
        $"misattunement={Show(answers.Misattunement)} repair={Show(answers.Repair)} permission={Show(answers.Permission)} " +
        $"lens={Show(answers.Lens)} pulls={Show(answers.Pulls)} cues={Show(answers.Cues)} round={round}";

    private static string Show<T>(T? value)
        where T : struct => value?.ToString() ?? "null";

    private static string Show<T>(IReadOnlyList<T>? values) =>
        values is null ? "null" : $"[{string.Join(",", values)}]";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\bI\b|\b[Mm][ey]\b")]
    private static partial Regex FirstPersonWord();
}
