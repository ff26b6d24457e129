using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AttunementBot.Cards;
using AttunementBot.Common;

namespace AttunementBot.Trends.Digest;

/// <summary>
/// A group's digest of one calendar week (Monday 00:00 UTC), composed once and then kept: asking again, from
/// the schedule or a lead, shows the same counts, so nothing changes that subtraction could read a person from.
/// </summary>
public sealed class WeeklyDigest(TrendsStore store, CardLibrary cards, TrendsText text, TimeProvider clock) : IGroupDigest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<JsonObject> ComposeAsync(string groupName, IReadOnlyCollection<string> memberKeys, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        var week = WeekStartBefore(at);
        var figures = await FiguresAsync(groupName.ToLowerInvariant(), memberKeys, week, cancellationToken);
        return cards.Render(FiguresCard.Digest, Card(groupName, week, figures));
    }

    /// <summary>The Monday 00:00 UTC that starts the last full week ending at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset WeekStartBefore(DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        var thisMonday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new DateTimeOffset(thisMonday.AddDays(-7), TimeSpan.Zero);
    }

    private async Task<DigestFigures> FiguresAsync(string groupKey, IReadOnlyCollection<string> memberKeys, DateTimeOffset week, CancellationToken cancellationToken)
    {
        if (await store.DigestAsync(groupKey, week, cancellationToken) is { } kept)
        {
            return JsonSerializer.Deserialize<DigestFigures>(kept.Figures, Json)!;
        }

        var settings = await store.SettingsAsync(memberKeys, cancellationToken);
        var counted = memberKeys.Distinct(StringComparer.Ordinal).Where(k => settings.GetValueOrDefault(k)?.DigestOptOut != true).ToList();
        foreach (var key in counted)
        {
            await store.ProjectMissingAsync(key, cancellationToken);
        }

        var thisWeek = await store.CountedAsync(counted, week, week.AddDays(7), cancellationToken);
        var lastWeek = await store.CountedAsync(counted, week.AddDays(-7), week, cancellationToken);
        var previous = await store.DigestAsync(groupKey, week.AddDays(-7), cancellationToken);
        var figures = DigestRules.Compute(thisWeek, lastWeek, previous?.Cohort);
        var cohort = thisWeek.Select(r => r.OwnerKey).Distinct(StringComparer.Ordinal).Count();
        var stored = await store.KeepDigestAsync(groupKey, week, new StoredDigest(cohort, JsonSerializer.Serialize(figures, Json)), clock.GetUtcNow(), cancellationToken);
        return JsonSerializer.Deserialize<DigestFigures>(stored.Figures, Json)!;
    }

    private FiguresCard Card(string group, DateTimeOffset week, DigestFigures figures)
    {
        var title = text.Fill("digest.title", ("group", group), ("week", Figures.Day(week)));
        var fallback = text.Fill("digest.fallback", ("group", group), ("week", Figures.Day(week)));
        if (figures.State != DigestState.Shown)
        {
            var why = figures.State == DigestState.TooFew ? text["digest.tooFew"] : text["digest.cohortChanged"];
            return new FiguresCard(title, why, fallback, [], null, []);
        }

        var facts = new List<NoticeFact>
        {
            new(text["digest.reflections"], WithChange(figures.Reflections, figures.ReflectionsChange)),
        };
        facts.AddRange(figures.Presence
            .Where(c => c.Count is null or > 0)
            .Select(c => new NoticeFact(text[$"digest.presenceBands.{c.Key}"], Count(c.Count))));
        facts.Add(new(text["digest.noticed"], WithChange(figures.Noticed, figures.NoticedChange)));
        if (figures.Noticed is not null)
        {
            facts.Add(new(text["digest.repaired"], Count(figures.Repaired)));
        }

        var pulls = figures.Pulls.Select(p => text.Fill("trends.pullCount", ("pull", text[$"pulls.{p.Key}"]), ("count", Count(p.Count)))).ToList();
        facts.Add(new(text["digest.pulls"], pulls.Count == 0 ? text["digest.noPulls"] : string.Join(", ", pulls)));

        var bars = figures.Presence.Where(c => c.Count > 0).Select(c => new ChartBar(text[$"digest.presenceBands.{c.Key}"], c.Count!.Value)).ToList();
        var chart = bars.Count == 0
            ? null
            : new FiguresChart(text["digest.chartTitle"], [], bars, text.Fill("digest.chartLine", ("line", string.Join(", ", bars.Select(b => $"{b.X}: {b.Y}")))));
        return new FiguresCard(title, text["digest.intro"], fallback, [new FiguresSection(null, facts)], chart, []);
    }

    private string Count(int? count) => count is { } c ? c.ToString(CultureInfo.InvariantCulture) : text["digest.held"];

    private string WithChange(int? count, int? change) => count is { } c && change is { } d
        ? text.Fill("digest.change", ("count", c), ("change", d.ToString("+0;-0;0", CultureInfo.InvariantCulture)))
        : Count(count);
}
