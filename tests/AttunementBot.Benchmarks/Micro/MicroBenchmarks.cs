using AttunementBot.Benchmarks.Reporting;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using static AttunementBot.Benchmarks.Reporting.BenchmarkSection;

namespace AttunementBot.Benchmarks.Micro;

/// <summary>
/// Runs the BenchmarkDotNet classes with a short job in this process (no per-benchmark build, so the whole run
/// stays within minutes) and turns their summaries into figures per second.
/// </summary>
public static class MicroBenchmarks
{
    public static BenchmarkSection RunCards(RunOptions options)
    {
        var summary = Run<CardBenchmarks>();
        var section = new BenchmarkSection("cards", "Cards: templates bound per second");
        section.Line("`CardLibrary.Render` of each template in `cards/` with its sample data from `tests/AttunementBot.Tests/Cards/samples/NAME.json`, "
            + "one thread, BenchmarkDotNet (in-process, 2 warm-up and 5 measured iterations).").Line();
        var rows = Rows(summary, "Template");
        section.Table(["template", "binds per second", "mean", "allocated per bind"], rows.Select(r => (IReadOnlyList<string>)[r.Name, N(r.PerSecond), Micro(r.MeanNs), Bytes(r.Allocated)]));
        section.Figures["bindsPerSecond"] = rows.ToDictionary(r => r.Name, r => r.PerSecond);
        section.Figures["allocatedBytesPerBind"] = rows.ToDictionary(r => r.Name, r => r.Allocated);
        return section;
    }

    public static BenchmarkSection RunStorage(RunOptions options)
    {
        var summary = Run<StorageBenchmarks>();
        var section = new BenchmarkSection("storage", "Storage: bot state reads and writes per second (SqliteBotStorage)");
        section.Line("One state item per operation (a clinician's user state mid-reflection, about 1.5 KB of JSON), 1,000 keys, on a fresh SQLite file "
            + "with the bot's settings (WAL, synchronous NORMAL, pooled connections). Concurrency is callers at once on the thread pool; "
            + "BenchmarkDotNet in-process, 2 warm-up and 5 measured iterations.").Line();
        var rows = Rows(summary, "Concurrency");
        section.Table(["operation", "callers", "per second", "mean per operation", "allocated per operation"],
            rows.Select(r => (IReadOnlyList<string>)[r.Method.ToLowerInvariant(), r.Name, N(r.PerSecond), Micro(r.MeanNs), Bytes(r.Allocated)]));
        section.Figures["perSecond"] = rows.GroupBy(r => r.Method.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToDictionary(r => "concurrency" + r.Name, r => r.PerSecond));
        return section;
    }

    public static BenchmarkSection RunHistory(RunOptions options)
    {
        var summary = Run<HistoryBenchmarks>();
        var section = new BenchmarkSection("history", "History: one page of \"my reflections\" after three years of daily reflections");
        section.Line("Seven rows read and decrypted (a page of six and the look-ahead) for one clinician with 1,095 reflections among 5,000 of others, "
            + "at the newest page and 540 or 1,080 reflections back: the bot's keyset query (SqliteReflectionPages) against OFFSET as a reference; "
            + "BenchmarkDotNet in-process, 2 warm-up and 5 measured iterations.").Line();
        var rows = Rows(summary, "Depth");
        section.Table(["query", "reflections back", "pages per second", "mean per page", "allocated per page"],
            rows.Select(r => (IReadOnlyList<string>)[r.Method.ToLowerInvariant(), r.Name, N(r.PerSecond), Micro(r.MeanNs), Bytes(r.Allocated)]));
        section.Figures["pagesPerSecond"] = rows.GroupBy(r => r.Method.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToDictionary(r => "depth" + r.Name, r => r.PerSecond));
        return section;
    }

    private static Summary Run<T>()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("short");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "attunementbot-benchmarkdotnet"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<T>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
        {
            throw new InvalidOperationException(
                $"BenchmarkDotNet could not run {typeof(T).Name} (build with -c Release): " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        return summary;
    }

    private static List<Row> Rows(Summary summary, string parameter) =>
    [
        .. summary.Reports.Select(report => new Row(
            report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            Convert.ToString(report.BenchmarkCase.Parameters[parameter], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            report.ResultStatistics!.Mean,
            report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0)),
    ];

    private static string Micro(double nanoseconds) => N(nanoseconds / 1000, 1) + " µs";

    private static string Bytes(long bytes) => bytes < 10_240 ? N(bytes) + " B" : N(bytes / 1024.0, 1) + " KiB";

    private sealed record Row(string Method, string Name, double MeanNs, long Allocated)
    {
        public double PerSecond => 1e9 / MeanNs;
    }
}
