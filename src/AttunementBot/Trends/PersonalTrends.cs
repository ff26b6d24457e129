using AttunementBot.Cards;

namespace AttunementBot.Trends;

/// <summary>
/// A clinician's own trends over the last 30 and 90 days: how present and settled they felt, what pulled
/// them away most often, and moments noticed against moments repaired. Counted in SQL over the figures
/// projection; described, never judged.
/// </summary>
public sealed class PersonalTrends(TrendsStore store, TrendsText text, TimeProvider clock)
{
    public const int RecentDays = 30;
    public const int LongDays = 90;
    public const int ChartWeeks = 13;

    /// <summary>How many pulls a window names.</summary>
    private const int TopPulls = 3;

    private const string StayedPresent = "StayedPresent";

    /// <returns>The card's data, or null when there is nothing from the last 90 days.</returns>
    public async Task<FiguresCard?> BuildAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await store.ProjectMissingAsync(ownerKey, cancellationToken);
        var weeks = Enumerable.Range(0, ChartWeeks).Select(i => now.AddDays(-7 * (ChartWeeks - i))).ToList();
        var counts = await store.CountAsync(ownerKey, now.AddDays(-RecentDays), now.AddDays(-LongDays), weeks, cancellationToken);
        if (counts.Longer.Reflections == 0)
        {
            return null;
        }

        return new FiguresCard(
            text["trends.title"],
            text["trends.intro"],
            text.Fill("trends.fallback", ("recent", counts.Recent.Reflections), ("long", counts.Longer.Reflections)),
            [Section(text["trends.recent"], counts.Recent), Section(text["trends.long"], counts.Longer)],
            Chart(counts.Weeks),
            [new NoticeAction(text["trends.reflectButton"], "reflect"), new NoticeAction(text["trends.offButton"], "trends off")]);
    }

    private FiguresSection Section(string title, WindowCounts window)
    {
        var pulls = window.Pulls
            .Where(p => p.Key != StayedPresent && p.Value > 0)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(TopPulls)
            .Select(p => text.Fill("trends.pullCount", ("pull", text[$"pulls.{p.Key}"]), ("count", p.Value)))
            .ToList();
        return new FiguresSection(title, [
            new(text["trends.reflections"], window.Reflections.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(text["trends.presence"], AverageOf(window.Presence)),
            new(text["trends.settledness"], AverageOf(window.Settledness)),
            new(text["trends.pulls"], pulls.Count == 0 ? text["trends.noPulls"] : string.Join(", ", pulls)),
            new(text["trends.stayed"], window.Pulls.GetValueOrDefault(StayedPresent).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(text["trends.noticed"], window.Noticed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(text["trends.repaired"], window.Repaired.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
    }

    private string AverageOf(double? value) =>
        value is { } v ? text.Fill("trends.average", ("value", Figures.Average(v))) : text["trends.notAnswered"];

    private FiguresChart? Chart(IReadOnlyList<WeekAverage> weeks)
    {
        if (weeks.All(w => w.Reflections == 0))
        {
            return null;
        }

        static IReadOnlyList<ChartPoint> Points(IEnumerable<WeekAverage> weeks, Func<WeekAverage, double?> value) =>
            [.. weeks.Where(w => value(w) is not null).Select(w => new ChartPoint(Figures.Day(w.Start), Math.Round(value(w)!.Value, 1, MidpointRounding.AwayFromZero)))];

        string Line(Func<WeekAverage, double?> value) =>
            string.Join(" ", weeks.Select(w => value(w) is { } v ? Figures.Average(v) : text["trends.noWeek"]));

        return new FiguresChart(
            text["trends.chartTitle"],
            [new ChartSeries(text["trends.chartPresence"], Points(weeks, w => w.Presence)), new ChartSeries(text["trends.chartSettledness"], Points(weeks, w => w.Settledness))],
            [],
            text.Fill("trends.chartLine", ("presence", Line(w => w.Presence)), ("settled", Line(w => w.Settledness))));
    }
}
