namespace AttunementBot.Common.Risk;

/// <summary>
/// The gentle note for free text outside a reflection (the share question): said when the text comes to touch on
/// risk, not again while it still does. It goes only to the clinician, never into anything shared.
/// </summary>
public static class RiskNote
{
    private static readonly Lazy<RiskText> Text = new(() => EmbeddedData.Load<RiskText>("Common/Risk/risk-text.json"));

    public static string ShareNote => Text.Value.ShareNote;

    /// <summary>The share note when <paramref name="now"/> touches on risk and <paramref name="before"/> did not; otherwise null.</summary>
    public static string? ForShareQuestion(string? before, string? now) =>
        RiskDetector.Shared.Touches(now) && !RiskDetector.Shared.Touches(before) ? ShareNote : null;

    private sealed class RiskText
    {
        public string ShareNote { get; set; } = "";
    }
}
