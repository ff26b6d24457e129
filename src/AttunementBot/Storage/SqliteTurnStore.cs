using System.Globalization;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// The turn's own records on the database: the claim of an inbound activity, the state it read and wrote, and
/// its outbox, so that one turn is one commit. A turn reads before it decides (outside the writers' turn: WAL
/// readers never wait) and writes after (one short IMMEDIATE transaction): its claim, each state document only
/// if nobody changed it since the read, and the replies to deliver. A usual turn is six statements: two reads,
/// then BEGIN, the claim with its outbox, the state, COMMIT.
/// </summary>
public sealed class SqliteTurnStore(SqliteDatabase database, TimeProvider clock, IOptions<StorageOptions> options, IDataProtectionProvider protection)
{
    /// <summary>Replies echo what the person wrote (the summary card): encrypted at rest, like the state.</summary>
    public static readonly ProtectedColumn Replies = new("turn", "replies", "id");

    private readonly ColumnProtector _state = new(protection, SqliteBotStorage.Data);
    private readonly ColumnProtector _replies = new(protection, Replies);

    private readonly TimeSpan _retention = TimeSpan.FromHours(options.Value.ProcessedActivityRetentionHours);
    private long _commitsSinceSweep;

    public async Task<TurnStart> BeginAsync(TurnKey key, IReadOnlyList<string> stateKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(stateKeys);
        // No transaction around the two reads: the commit checks both again (the claim is unique, each state
        // document's ETag must still match), so a change in between is caught there, for two statements less.
        await using var connection = await database.OpenForReadingAsync(cancellationToken);
        bool handled;
        string? replies;
        bool lost;
        await using (var claim = Command(connection, null, """
            SELECT (SELECT status FROM turn WHERE channel_id = $channel AND conversation_id = $conversation AND activity_id = $activity),
                   (SELECT replies FROM turn WHERE channel_id = $channel AND conversation_id = $conversation AND activity_id = $activity),
                   EXISTS (SELECT 1 FROM turn WHERE channel_id = $channel AND conversation_id = $conversation AND status = 'failed')
            """, key))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            handled = !reader.IsDBNull(0);
            replies = Sql.NullableString(reader, 1) is { } stored ? _replies.Unprotect(stored) : null;
            lost = reader.GetBoolean(2);
        }

        var state = new Dictionary<string, StateRow>(StringComparer.Ordinal);
        if (!handled && stateKeys.Count > 0)
        {
            await using var read = connection.CreateCommand();
            var names = new List<string>(stateKeys.Count);
            for (var i = 0; i < stateKeys.Count; i++)
            {
                names.Add($"$k{i}");
                read.Parameters.AddWithValue(names[i], stateKeys[i]);
            }

            read.CommandText = $"SELECT key, etag, data FROM bot_state WHERE key IN ({string.Join(", ", names)})";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                state[reader.GetString(0)] = new StateRow(reader.GetString(1), _state.Unprotect(reader.GetString(2)));
            }
        }

        return new TurnStart(handled, replies, lost, state);
    }

    /// <returns>The result, and the outbox entry's id when committed.</returns>
    public async Task<(CommitResult Result, long OutboxId)> CommitAsync(TurnOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        long id;
        var status = outcome.Delivery switch
        {
            ReplyDelivery.Channel => "sending",
            ReplyDelivery.InResponse => "delivered",
            _ => "none",
        };
        await using (var claim = Command(connection, transaction, """
            INSERT INTO turn (channel_id, conversation_id, activity_id, received_at, status, replies, reference)
            VALUES ($channel, $conversation, $activity, $now, $status, $replies, $reference)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, outcome.Key))
        {
            claim.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            claim.Parameters.AddWithValue("$status", status);
            claim.Parameters.AddWithValue("$replies", outcome.Replies is { } replies ? _replies.Protect(replies) : DBNull.Value);
            claim.Parameters.AddWithValue("$reference", (object?)outcome.Reference ?? DBNull.Value);
            if (await claim.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                return (CommitResult.AlreadyHandled, 0);
            }

            id = inserted;
        }

        foreach (var write in outcome.State)
        {
            if (!await WriteStateAsync(connection, transaction, write with { Data = write.Data is { } data ? _state.Protect(data) : null }, now, cancellationToken))
            {
                return (CommitResult.Conflict, 0);
            }
        }

        if (outcome.SupersedeLostReplies)
        {
            await using var supersede = Command(connection, transaction,
                "UPDATE turn SET status = 'superseded' WHERE channel_id = $channel AND conversation_id = $conversation AND status = 'failed'", outcome.Key);
            await supersede.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await SweepNowAndThenAsync(connection, now, cancellationToken);
        return (CommitResult.Committed, id);
    }

    /// <summary>Replies that reached the channel: many turns' at once, so delivery adds no commit per turn.</summary>
    public async Task MarkDeliveredAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE turn SET status = 'delivered', delivered = 0, reason = NULL WHERE id IN ({string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)))})";
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RetryLaterAsync(long id, int delivered, int attempts, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Sql.Command(connection,
            "UPDATE turn SET status = 'pending', delivered = $delivered, attempts = $attempts, not_before = $notBefore, reason = $reason WHERE id = $id",
            ("$id", id), ("$delivered", delivered), ("$attempts", attempts), ("$notBefore", notBefore.ToUnixTimeMilliseconds()), ("$reason", reason));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(long id, int delivered, int attempts, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Sql.Command(connection,
            "UPDATE turn SET status = 'failed', delivered = $delivered, attempts = $attempts, reason = $reason WHERE id = $id",
            ("$id", id), ("$delivered", delivered), ("$attempts", attempts), ("$reason", reason));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// At start-up: a first attempt that was under way when the process stopped may or may not have reached the
    /// channel, so it is never sent again (the person's next message shows them where they are); replies waiting
    /// for a retry are returned, oldest first, to be delivered.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> RecoverAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var interrupted = Sql.Command(connection, "UPDATE turn SET status = 'failed', reason = 'interrupted' WHERE status = 'sending'"))
        {
            await interrupted.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = Sql.Command(connection, """
            SELECT id, channel_id, conversation_id, replies, reference, delivered, attempts, not_before
            FROM turn WHERE status = 'pending' ORDER BY id
            """);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var pending = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new OutboxEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), _replies.Unprotect(reader.GetString(3)), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return pending;
    }

    private static async Task<bool> WriteStateAsync(SqliteConnection connection, SqliteTransaction transaction, StateWrite write, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$key", write.Key);
        command.Parameters.AddWithValue("$expected", (object?)write.ExpectedETag ?? DBNull.Value);
        if (write.Data is null)
        {
            // Deleting what is already gone is no conflict.
            command.CommandText = "DELETE FROM bot_state WHERE key = $key AND ($expected IS NULL OR etag = $expected)";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }

        command.CommandText = write.ExpectedETag is null
            ? "INSERT INTO bot_state (key, etag, data, updated_at) VALUES ($key, $etag, $data, $now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE bot_state SET etag = $etag, data = $data, updated_at = $now WHERE key = $key AND etag = $expected";
        command.Parameters.AddWithValue("$etag", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$data", write.Data);
        command.Parameters.AddWithValue("$now", Sql.Instant(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task SweepNowAndThenAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Now and then, not in every commit: the table stays small without a background job.
        if (Interlocked.Increment(ref _commitsSinceSweep) % 1000 != 1)
        {
            return;
        }

        await using var sweep = Sql.Command(connection,
            "DELETE FROM turn WHERE received_at < $cutoff AND status NOT IN ('sending', 'pending')",
            ("$cutoff", (now - _retention).ToUnixTimeMilliseconds()));
        await sweep.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, TurnKey key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$channel", key.ChannelId);
        command.Parameters.AddWithValue("$conversation", key.ConversationId);
        command.Parameters.AddWithValue("$activity", key.ActivityId);
        return command;
    }
}
