using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace AttunementBot.Tests.Storage;

public sealed class SqliteBotStorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-storage-").FullName;
    private readonly SqliteBotStorage _storage;

    // One key ring for the test, as one installation has: a reopened store reads what the first wrote.
    private readonly Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider _keys = new();

    public SqliteBotStorageTests() =>
        _storage = new SqliteBotStorage(new SqliteDatabase(Options.Create(new StorageOptions { DataFolder = _folder })), TimeProvider.System, _keys);

    [Fact]
    public async Task Items_round_trip_with_their_types_and_a_new_etag()
    {
        var note = new Note { Text = "صباح الخير 🌱 <b>not markup</b>\u0007" };
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = note });

        var read = await _storage.ReadAsync(["k", "missing"]);

        var stored = Assert.IsType<Note>(read["k"]);
        Assert.Equal(note.Text, stored.Text);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.False(read.ContainsKey("missing"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });
        var mine = (Note)(await _storage.ReadAsync(["k"]))["k"];
        var theirs = (Note)(await _storage.ReadAsync(["k"]))["k"];
        theirs.Text = "theirs";
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = theirs });

        mine.Text = "mine";
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k"] = mine }));

        Assert.Equal("theirs", ((Note)(await _storage.ReadAsync(["k"]))["k"]).Text);
    }

    [Fact]
    public async Task A_star_etag_or_a_plain_object_overwrites()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "first" } });

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "forced", ETag = "*" } });
        Assert.Equal("forced", ((Note)(await _storage.ReadAsync(["k"]))["k"]).Text);

        await _storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Dictionary<string, object> { ["text"] = "plain" } });
        var plain = Assert.IsType<Dictionary<string, object>>((await _storage.ReadAsync(["k"]))["k"]);
        Assert.Equal("plain", plain["text"]);
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
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

    [Fact]
    public async Task Deleted_items_are_gone_and_survive_a_new_storage_instance()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["keep"] = new Note { Text = "kept" }, ["drop"] = new Note { Text = "dropped" } });
        await _storage.DeleteAsync(["drop"]);

        var reopened = new SqliteBotStorage(new SqliteDatabase(Options.Create(new StorageOptions { DataFolder = _folder })), TimeProvider.System, _keys);
        var read = await reopened.ReadAsync(["keep", "drop"]);

        Assert.Equal("kept", ((Note)read["keep"]).Text);
        Assert.False(read.ContainsKey("drop"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public sealed class Note : IStoreItem
    {
        public string? Text { get; set; }

        public string? ETag { get; set; }
    }
}
