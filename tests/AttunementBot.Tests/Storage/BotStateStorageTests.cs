using AttunementBot.Storage;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;

namespace AttunementBot.Tests.Storage;

/// <summary>Bot state outside a turn, as Bot Builder's IStorage contract has it, on each provider.</summary>
public sealed class BotStateStorageTests : IDisposable
{
    // One key ring for the test, as one installation has: a reopened store reads what the first wrote.
    private readonly Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider _keys = new();

    private TestDatabase? _database;
    private BotStateStorage _storage = null!;

    private void On(StorageProvider provider)
    {
        _database = new TestDatabase(provider);
        _storage = new BotStateStorage(_database.Open(), TimeProvider.System, _keys);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [OnPostgres]
    public async Task Items_round_trip_with_their_types_and_a_new_etag(StorageProvider provider)
    {
        On(provider);
        var note = new Note { Text = "صباح الخير 🌱 <b>not markup</b>\u0007" };
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });

        var read = await _storage.ReadAsync(["k", "missing"]);

        var stored = Assert.IsType<Note>(read["k"]);
        Assert.Equal(note.Text, stored.Text);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.False(read.ContainsKey("missing"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [OnPostgres]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing(StorageProvider provider)
    {
        On(provider);
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });
        var mine = (Note)(await _storage.ReadAsync(["k"]))["k"];
        var theirs = (Note)(await _storage.ReadAsync(["k"]))["k"];
        theirs.Text = "theirs";
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = theirs });

        mine.Text = "mine";
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k"] = mine }));

        Assert.Equal("theirs", ((Note)(await _storage.ReadAsync(["k"]))["k"]).Text);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [OnPostgres]
    public async Task A_star_etag_or_a_plain_object_overwrites(StorageProvider provider)
    {
        On(provider);
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "forced", ETag = "*" } });
        Assert.Equal("forced", ((Note)(await _storage.ReadAsync(["k"]))["k"]).Text);

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["text"] = "plain" } });
        var plain = Assert.IsType<Dictionary<string, object>>((await _storage.ReadAsync(["k"]))["k"]);
        Assert.Equal("plain", plain["text"]);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [OnPostgres]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins(StorageProvider provider)
    {
        On(provider);
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "start" } });
        var etag = ((Note)(await _storage.ReadAsync(["k"]))["k"]).ETag;

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = $"writer {i}", ETag = etag } });
                return true;
            }
            catch (StorageConcurrencyException)
            {
                return false;
            }
        }));

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [OnPostgres]
    public async Task Deleted_items_are_gone_and_survive_a_new_storage_instance(StorageProvider provider)
    {
        On(provider);
        await _storage.WriteAsync(new Dictionary<string, object> { ["keep"] = new Note { Text = "kept" }, ["drop"] = new Note { Text = "dropped" } });
        await _storage.DeleteAsync(["drop"]);

        var reopened = new BotStateStorage(_database!.Open(), TimeProvider.System, _keys);
        var read = await reopened.ReadAsync(["keep", "drop"]);

        Assert.Equal("kept", ((Note)read["keep"]).Text);
        Assert.False(read.ContainsKey("drop"));
    }

    public void Dispose() => _database?.Dispose();

    public sealed class Note : IStoreItem
    {
        public string? Text { get; set; }

        public string? ETag { get; set; }
    }
}
