namespace AttunementBot.Benchmarks.Turns;

/// <summary>One turn of the script: what the clinician types and a piece of the reply that proves the bot followed.</summary>
/// <param name="Detour">A step the bot may put first (a reflection that follows up the last one) and what the clinician types there.</param>
public sealed record ScriptedTurn(string Text, string Expect, bool CompletesReflection = false, ScriptedDetour? Detour = null)
{
    /// <summary>True when the reply body shows the expected step (cards carry <c>"step": "..."</c>) or text.</summary>
    public bool Matches(string body) =>
        body.Contains(Expect, StringComparison.Ordinal)
        || body.Contains(Expect.Replace("\": \"", "\":\"", StringComparison.Ordinal), StringComparison.Ordinal);

    /// <summary>True when the reply shows this turn's detour (a step the bot put first) rather than the turn's own step.</summary>
    public bool DetoursAt(string body) => !Matches(body) && Detour is { } detour && new ScriptedTurn(detour.Text, detour.Expect).Matches(body);
}

/// <summary>While the reply shows <paramref name="Expect"/> instead of the turn's own step, the clinician types <paramref name="Text"/>, then expects the turn's step.</summary>
public sealed record ScriptedDetour(string Expect, string Text);

/// <summary>
/// A complete reflection typed on Teams, the same answers as the host test of a typed reflection, then repair
/// language and "done". A clinician repeats it, so later reflections also read their recent history, and each after
/// the first opens with "Since last time" (the intention carried in), which the clinician skips.
/// </summary>
public static class ReflectionScript
{
    public static IReadOnlyList<ScriptedTurn> Turns { get; } =
    [
        new("reflect", Step("presence"), Detour: new ScriptedDetour(Step("followUp"), "skip")),
        new("4 3", Step("pulls")),
        new("protocol, time pressure", Step("misattunement")),
        new("not sure", Step("moment")),
        new("withdrew", Step("moment")),
        new("skip", Step("lens")),
        new("secure base", Step("repairSoFar")),
        new("partly, not yet", Step("forward")),
        new("1", Step("forward")),
        new("Slow down at the start", Step("summary"), CompletesReflection: true),
        new("repair", Step("repairLanguage")),
        new("done", "Noticing is part of the work"),
    ];

    /// <summary>The same words to the echo bot, which must say them back.</summary>
    public static IReadOnlyList<ScriptedTurn> Echo { get; } = [.. Turns.Select(t => new ScriptedTurn(t.Text, "echo: " + t.Text, t.CompletesReflection))];

    private static string Step(string id) => $"\"step\": \"{id}\"";
}
