using System.Globalization;
using AttunementBot.Cards;

namespace AttunementBot.Trends;

/// <summary>Data for <c>cards/trends.json</c> (a clinician's own trends) and <c>cards/digest.json</c> (a group's week).</summary>
public sealed record FiguresCard(
    string Title,
    string Intro,
    string FallbackText,
    IReadOnlyList<FiguresSection> Sections,
    FiguresChart? Chart,
    IReadOnlyList<NoticeAction> Actions)
{
    public const string Trends = "trends";
    public const string Digest = "digest";
}

public sealed record FiguresSection(string? Title, IReadOnlyList<NoticeFact> Facts);

/// <param name="Line">The same figures as one line of text, for hosts without charts (the chart's fallback).</param>
public sealed record FiguresChart(string Title, IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartBar> Bars, string Line);

public sealed record ChartSeries(string Legend, IReadOnlyList<ChartPoint> Values);

public sealed record ChartPoint(string X, double Y);

public sealed record ChartBar(string X, int Y);

internal static class Figures
{
    public static string Average(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture);
}
