using System.Diagnostics;
using AttunementBot.Benchmarks.Reporting;
using AttunementBot.Cards;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Trends;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.Trends;

/// <summary>
/// "my trends" for a clinician with three years of daily reflections, among other clinicians with as many:
/// the time to build the trends card (counts in SQL over the figures projection, the card bound and rendered
/// for Teams), on the real SQLite store with encryption at rest. Target: under 50 ms.
/// </summary>
public static class TrendsBenchmark
{
    private const int Days = 3 * 365;
    private const int OtherClinicians = 9;
    private const int WarmUp = 20;
    private const int Measured = 200;

    public static async Task<BenchmarkSection> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("attunementbot-trends-bench-").FullName;
        try
        {
            using var database = new SqliteDatabase(Options.Create(new StorageOptions { DataFolder = folder }));
            var history = new ReflectionHistory(database, DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "keys"))));
            var now = DateTimeOffset.UtcNow;
            var seeding = Stopwatch.StartNew();
            for (var person = 0; person <= OtherClinicians; person++)
            {
                for (var day = 0; day < Days; day++)
                {
                    var at = now.AddDays(-day).AddHours(-2);
                    await history.SaveAsync($"msteams:clinician-{person}", new CompletedReflection($"r-{person}-{day}", at.AddMinutes(-3), at, Answers(day)), cancellationToken);
                }
            }

            var seeded = seeding.Elapsed;
            var store = new TrendsStore(database, history);
            var trends = new PersonalTrends(store, new TrendsText(), TimeProvider.System);
            var cards = new CardLibrary(Path.Combine(RunOptions.RepoRoot, "cards"));
            const string Owner = "msteams:clinician-0";

            var counting = new List<long>();
            async Task<long> BuildOnceAsync()
            {
                var started = Stopwatch.GetTimestamp();
                var data = await trends.BuildAsync(Owner, cancellationToken) ?? throw new InvalidOperationException("No trends were built.");
                counting.Add(Stopwatch.GetTimestamp() - started);
                ChannelRenderer.ToActivity(cards.Render(FiguresCard.Trends, data), "msteams");
                return Stopwatch.GetTimestamp() - started;
            }

            // The first look projects the whole history (reflections from before trends existed); later looks find nothing new.
            var first = await BuildOnceAsync() * 1000.0 / Stopwatch.Frequency;
            for (var i = 0; i < WarmUp; i++)
            {
                await BuildOnceAsync();
            }

            var latencies = new Latencies();
            var ticks = new List<long>();
            counting.Clear();
            for (var i = 0; i < Measured; i++)
            {
                ticks.Add(await BuildOnceAsync());
            }

            latencies.AddRange(ticks);
            var counts = new Latencies();
            counts.AddRange(counting);
            var median = latencies.Percentile(50);
            var p95 = latencies.Percentile(95);
            var section = new BenchmarkSection("trends", "Trends: \"my trends\" over three years of daily reflections");
            section.Line($"One clinician with {Days} daily reflections (3 years) among {OtherClinicians} others with as many ({(OtherClinicians + 1) * Days} in all, "
                + $"seeded through the real history store in {N(seeded.TotalSeconds, 1)} s). Time to build the card: counts in SQL over the figures projection, "
                + $"bound and rendered for Teams; {WarmUp} warm-up builds, then {Measured} measured, one after another.").Line();
            section.Table(["", "time"], [
                ["first look (projects the whole history once)", Ms(first)],
                ["median", Ms(median)],
                ["p95", Ms(p95)],
                ["of which counting (SQL), median / p95", $"{Ms(counts.Percentile(50))} / {Ms(counts.Percentile(95))}"],
                ["target", "under 50 ms"],
            ]);
            section.Figures["reflections"] = Days;
            section.Figures["firstMilliseconds"] = first;
            section.Figures["medianMilliseconds"] = median;
            section.Figures["p95Milliseconds"] = p95;
            return section;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ReflectionAnswers Answers(int day) => new()
    {
        Presence = 1 + (day % 5),
        Settledness = 1 + ((day * 3) % 5),
        Pulls = day % 6 == 0 ? [Pull.StayedPresent] : [day % 2 == 0 ? Pull.TimePressure : Pull.Assessing, Pull.OwnStress],
        Misattunement = day % 3 == 0 ? MisattunementNoticed.Yes : MisattunementNoticed.No,
        Repair = day % 2 == 0 ? RepairSoFar.ApologisedInSession : RepairSoFar.NotYet,
        Moment = "a few private words about the session",
        Intention = "begin more slowly",
    };
}
