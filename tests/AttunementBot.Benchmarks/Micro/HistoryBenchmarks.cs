using AttunementBot.History;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Benchmarks.Micro;

/// <summary>
/// One page of "my reflections" (seven rows read and decrypted: a page of six and the look-ahead) for a clinician with
/// three years of daily reflections, among 5,000 of other clinicians', at the newest page and further back: the
/// keyset query the bot uses against OFFSET over everything before the page, as a reference.
/// </summary>
[MemoryDiagnoser]
public class HistoryBenchmarks : IDisposable
{
    private const string Owner = "msteams:clinician";
    private const int Days = 3 * 365;
    private const int PageRows = 7;

    private string _folder = null!;
    private SqliteDatabase _database = null!;
    private SqliteReflectionPages _pages = null!;
    private ColumnProtector _answers = null!;
    private HistoryCursor? _cursor;

    /// <summary>How many newer reflections come before the page.</summary>
    [Params(0, 540, 1080)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("attunementbot-bench-history-").FullName;
        _database = new SqliteDatabase(Options.Create(new StorageOptions { DataFolder = _folder }));
        var protection = new EphemeralDataProtectionProvider();
        var history = new SqliteReflectionHistory(_database, protection);
        _pages = new SqliteReflectionPages(_database, protection);
        _answers = new ColumnProtector(protection, SqliteReflectionHistory.Answers);
        var start = new DateTimeOffset(2023, 12, 1, 17, 0, 0, TimeSpan.Zero);
        var answers = new ReflectionAnswers { Presence = 4, Settledness = 3, Misattunement = MisattunementNoticed.Yes, Moment = "She went quiet when I looked at the clock", Repair = RepairSoFar.NotYet, Intention = "Slow the start" };
        for (var day = 0; day < Days; day++)
        {
            var at = start.AddDays(day);
            history.SaveAsync(Owner, new CompletedReflection($"r{day:D5}", at.AddMinutes(-3), at, answers), CancellationToken.None).GetAwaiter().GetResult();
        }

        for (var other = 0; other < 5000; other++)
        {
            var at = start.AddHours(other * 5);
            history.SaveAsync($"msteams:other-{other % 50}", new CompletedReflection($"o{other:D5}", at, at, answers), CancellationToken.None).GetAwaiter().GetResult();
        }

        _cursor = Depth == 0 ? null : new HistoryCursor(start.AddDays(Days - Depth), $"r{Days - Depth:D5}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _database?.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Keyset() => (await _pages.OlderAsync(Owner, _cursor, PageRows, CancellationToken.None)).Count;

    [Benchmark]
    public async Task<int> Offset()
    {
        await using var connection = await _database.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT id, answers FROM reflection WHERE owner_key = @owner ORDER BY completed_at DESC, id DESC LIMIT @count OFFSET @skip";
        query.Parameters.AddWithValue("@owner", Owner);
        query.Parameters.AddWithValue("@count", PageRows);
        query.Parameters.AddWithValue("@skip", Depth);
        var rows = 0;
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows += _answers.Unprotect(reader.GetString(1)).Length > 0 ? 1 : 0;
        }

        return rows;
    }
}
