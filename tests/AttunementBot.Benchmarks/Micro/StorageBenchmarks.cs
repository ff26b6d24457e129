using AttunementBot.Bot;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Benchmarks.Micro;

/// <summary>
/// Bot state reads and writes on <see cref="BotStateStorage"/> (the bot's <c>IStorage</c>), on a file in a fresh
/// temporary folder with the bot's own pragmas (WAL, synchronous NORMAL). Each state item is what user state holds
/// mid-reflection: the profile and a half-answered reflection session (about 1.5 KB of JSON with type names).
/// Concurrency is the number of callers at once, each on a thread-pool thread, as turns of different
/// conversations would be.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    /// <summary>Operations per invocation, shared among the callers; the figures are per operation.</summary>
    public const int Operations = 64;

    private const int Keys = 1000;

    private string _folder = null!;
    private BotStateStorage _storage = null!;
    private string[] _keys = null!;
    private int _next;

    [Params(1, 4, 16)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("attunementbot-bench-storage-").FullName;
        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataFolder = _folder }));
        _storage = new BotStateStorage(database, TimeProvider.System, new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        _keys = [.. Enumerable.Range(0, Keys).Select(i => $"msteams/users/user-{i:D5}")];
        foreach (var chunk in _keys.Chunk(100))
        {
            _storage.WriteAsync(chunk.ToDictionary(k => k, k => (object)State(k))).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task Read() => RunAsync(async key =>
    {
        var items = await _storage.ReadAsync([key]);
        if (items.Count != 1)
        {
            throw new InvalidOperationException($"{key} was not read back.");
        }
    });

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task Write() => RunAsync(key => _storage.WriteAsync(new Dictionary<string, object> { [key] = State(key) }));

    /// <summary>What Bot Builder's UserState keeps for a clinician half-way through a reflection.</summary>
    private static Dictionary<string, object> State(string key) => new(StringComparer.Ordinal)
    {
        [nameof(UserProfile)] = new UserProfile { WelcomedAt = DateTimeOffset.UtcNow },
        [nameof(ReflectionSession)] = new ReflectionSession
        {
            Id = key,
            StartedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            State = ReflectionState.Active,
            Step = ReflectionStep.Moment,
            Field = "moment",
            Presence = 4,
            Settledness = 3,
            Pulls = [Pull.ApplyingProtocol, Pull.TimePressure],
            Misattunement = MisattunementNoticed.NotSure,
            Cues = [ClientCue.Withdrew],
            Moment = "She went quiet when I moved on to the homework and did not look up again until the end.",
        },
    };

    private Task RunAsync(Func<string, Task> operation) =>
        Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Operations / Concurrency; i++)
            {
                await operation(_keys[(uint)Interlocked.Increment(ref _next) % Keys]);
            }
        })));
}
