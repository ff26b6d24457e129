using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>
/// The floor a stateful bot can reach on this stack: the stock echo host, plus one state read and one durable
/// write per turn on SQLite with the bot's settings (WAL, synchronous NORMAL, pooled connections, through
/// Microsoft.Data.Sqlite; writers take turns asynchronously, as the bot's do). Run by this program in a process of
/// its own: <c>floor-server DATA_FOLDER --urls URL</c>.
/// </summary>
public static class FloorServer
{
    public const string Mode = "floor-server";

    public static Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            throw new ArgumentException("floor-server needs a data folder.", nameof(args));
        }

        var store = new FloorStore(args[0]);
        return EchoServer.RunAsync<FloorBot>(args[1..], services => services.AddSingleton(store));
    }

    private sealed class FloorBot(FloorStore store) : ActivityHandler
    {
        protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
        {
            await store.RecordTurnAsync(turnContext.Activity.Conversation.Id, turnContext.Activity.Text, cancellationToken);
            await turnContext.SendActivityAsync(EchoServer.Reply(turnContext), cancellationToken);
        }
    }
}

/// <summary>One row of state per conversation: read it, then write it back changed, in one autocommit statement.</summary>
public sealed class FloorStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    // synchronous is a setting of each physical connection, not of the file: set it once per pooled handle.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public FloorStore(string folder)
    {
        Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "floor.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS floor_state (conversation_id TEXT PRIMARY KEY, turns INTEGER NOT NULL, last_text TEXT, updated_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    public async Task RecordTurnAsync(string conversationId, string? text, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ConfigureOnceAsync(connection, cancellationToken);

        long turns;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT turns FROM floor_state WHERE conversation_id = $id";
            read.Parameters.AddWithValue("$id", conversationId);
            turns = await read.ExecuteScalarAsync(cancellationToken) is long n ? n : 0;
        }

        await using var write = connection.CreateCommand();
        write.CommandText = """
            INSERT INTO floor_state (conversation_id, turns, last_text, updated_at) VALUES ($id, $turns, $text, $now)
            ON CONFLICT (conversation_id) DO UPDATE SET turns = excluded.turns, last_text = excluded.last_text, updated_at = excluded.updated_at
            """;
        write.Parameters.AddWithValue("$id", conversationId);
        write.Parameters.AddWithValue("$turns", turns + 1);
        write.Parameters.AddWithValue("$text", (object?)text ?? DBNull.Value);
        write.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));

        // One writer at a time, waiting asynchronously: Microsoft.Data.Sqlite would block a thread on a busy database.
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    private async Task ConfigureOnceAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        if (_configured.TryGetValue(handle, out _))
        {
            return;
        }

        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        _configured.AddOrUpdate(handle, handle);
    }
}
