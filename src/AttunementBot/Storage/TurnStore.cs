using System.Data.Common;
using System.Globalization;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

/// <summary>
/// The turn's own records on the database: the claim of an inbound activity, the state it read and wrote, and
/// its outbox, so that one turn is one commit. A turn reads before it decides (outside the writers' turn: WAL
/// readers never wait) and writes after (one short IMMEDIATE transaction): its claim, each state document only
/// if nobody changed it since the read, and the replies to deliver. A usual turn is five statements: one read,
/// then BEGIN, the claim with its outbox, the state, COMMIT. On PostgreSQL, where several instances may share the
/// database, the turn's transaction instead begins before the reads and holds the conversation's and the person's
/// locks until it commits.
/// </summary>
public sealed class TurnStore(Database database, BotInstance instance, TimeProvider clock, IOptions<StorageOptions> options, IDataProtectionProvider protection)
{
    /// <summary>Replies echo what the person wrote (the summary card): encrypted at rest, like the state.</summary>
    public static readonly ProtectedColumn Replies = new("turn", "replies", "id");

    private readonly ColumnProtector _state = new(protection, BotStateStorage.Data);
    private readonly ColumnProtector _replies = new(protection, Replies);

    private readonly TimeSpan _retention = TimeSpan.FromHours(options.Value.ProcessedActivityRetentionHours);
    private long _commitsSinceSweep;

    // On a shared database a turn holds a pooled connection from its first read to its commit, and the stores it calls
    // open a second one now and then. With as many turns at once as the pool has connections, each would wait for a
    // second connection none gives back, until the pool's time-out failed them all (the scale-out benchmark found it
    // at 100 at once). So turns may hold at most half the pool; the rest wait here, holding nothing.
    private readonly SemaphoreSlim? _turnSlots = database.TurnConnections is { } slots ? new SemaphoreSlim(slots, slots) : null;

    /// <param name="serialise">
    /// What the turn is serialised on (its conversation, its person). In-process locks hold them already; on a database
    /// several instances share, the turn's transaction takes them here and holds them until the commit, so turns of one
    /// conversation or one person on different instances are decided one after another, never on stale state.
    /// </param>
    public async Task<TurnStart> BeginAsync(TurnKey key, IReadOnlyList<string> stateKeys, IReadOnlyList<string> serialise, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(stateKeys);
        ArgumentNullException.ThrowIfNull(serialise);
        if (!instance.Shared)
        {
            // No transaction around the two reads: the commit checks both again (the claim is unique, each state
            // document's ETag must still match), so a change in between is caught there, for two statements less.
            await using var connection = await database.OpenForReadingAsync(cancellationToken);
            return await ReadAsync(connection, null, key, stateKeys, cancellationToken);
        }

        var slot = _turnSlots is null ? null : await TurnSlot.TakeAsync(_turnSlots, cancellationToken);
        DbConnection? shared = null;
        HeldTurn? held = null;
        try
        {
            shared = await database.OpenAsync(cancellationToken);
            held = new HeldTurn(shared, await database.BeginWriteAsync(shared, cancellationToken), slot);
            await database.Dialect.LockAsync(held.Transaction, serialise, cancellationToken);
            return await ReadAsync(shared, held.Transaction, key, stateKeys, cancellationToken) with { Held = held };
        }
        catch
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }
            else
            {
                await (shared?.DisposeAsync() ?? ValueTask.CompletedTask);
                slot?.Dispose();
            }

            throw;
        }
    }

    private async Task<TurnStart> ReadAsync(DbConnection connection, DbTransaction? transaction, TurnKey key, IReadOnlyList<string> stateKeys, CancellationToken cancellationToken)
    {
        // One statement for everything a turn reads first, each row tagged with what it is: the activity's claim (a
        // re-delivery), whether an earlier reply here was lost, and the state documents.
        await using var read = Command(connection, transaction, string.Empty, key);
        read.CommandText = """
            SELECT 0, status, replies, NULL FROM turn WHERE channel_id = @channel AND conversation_id = @conversation AND activity_id = @activity
            UNION ALL
            SELECT 1, NULL, NULL, NULL WHERE EXISTS (SELECT 1 FROM turn WHERE channel_id = @channel AND conversation_id = @conversation AND status = 'failed')
            """;
        if (stateKeys.Count > 0)
        {
            read.CommandText += $"\nUNION ALL\nSELECT 2, key, etag, data FROM bot_state WHERE key IN ({read.InList(stateKeys)})";
        }

        var handled = false;
        string? replies = null;
        var lost = false;
        var rows = new List<(string Key, string ETag, string Data)>(stateKeys.Count);
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                switch (Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture))
                {
                    case 0:
                        handled = true;
                        replies = Sql.NullableString(reader, 2);
                        break;
                    case 1:
                        lost = true;
                        break;
                    default:
                        rows.Add((reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                        break;
                }
            }
        }

        if (handled)
        {
            return new TurnStart(true, replies is null ? null : _replies.Unprotect(replies), lost, new Dictionary<string, StateRow>());
        }

        var state = new Dictionary<string, StateRow>(rows.Count, StringComparer.Ordinal);
        foreach (var (stateKey, etag, data) in rows)
        {
            state[stateKey] = new StateRow(etag, _state.Unprotect(data));
        }

        return new TurnStart(false, null, lost, state);
    }

    /// <returns>The result, and the outbox entry's id when committed.</returns>
    /// <param name="start">What <see cref="BeginAsync"/> returned: on a shared database the commit ends its transaction.</param>
    public async Task<(CommitResult Result, long OutboxId)> CommitAsync(TurnOutcome outcome, TurnStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(start);
        var now = clock.GetUtcNow();
        await using var own = start.Held is null ? await database.OpenAsync(cancellationToken) : null;
        var connection = start.Held?.Connection ?? own!;
        await using var ownTransaction = start.Held is null ? await database.BeginWriteAsync(connection, cancellationToken) : null;
        var transaction = start.Held?.Transaction ?? ownTransaction!;

        long id;
        var status = outcome.Delivery switch
        {
            ReplyDelivery.Channel => "sending",
            ReplyDelivery.InResponse => "delivered",
            _ => "none",
        };
        await using (var claim = Command(connection, transaction, """
            INSERT INTO turn (channel_id, conversation_id, activity_id, received_at, status, replies, reference, owner)
            VALUES (@channel, @conversation, @activity, @now, @status, @replies, @reference, @me)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, outcome.Key))
        {
            claim.AddParameter("@now", now.ToUnixTimeMilliseconds());
            claim.AddParameter("@me", instance.Id);
            claim.AddParameter("@status", status);
            claim.AddParameter("@replies", outcome.Replies is { } replies ? _replies.Protect(replies) : DBNull.Value);
            claim.AddParameter("@reference", (object?)outcome.Reference ?? DBNull.Value);
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

        foreach (var write in outcome.Writes ?? [])
        {
            await write(connection, transaction, cancellationToken);
        }

        if (outcome.SupersedeLostReplies)
        {
            await using var supersede = Command(connection, transaction,
                "UPDATE turn SET status = 'superseded' WHERE channel_id = @channel AND conversation_id = @conversation AND status = 'failed'", outcome.Key);
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
            "UPDATE turn SET status = 'pending', delivered = @delivered, attempts = @attempts, not_before = @notBefore, reason = @reason WHERE id = @id",
            ("@id", id), ("@delivered", delivered), ("@attempts", attempts), ("@notBefore", notBefore.ToUnixTimeMilliseconds()), ("@reason", reason));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(long id, int delivered, int attempts, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = Sql.Command(connection,
            "UPDATE turn SET status = 'failed', delivered = @delivered, attempts = @attempts, reason = @reason WHERE id = @id",
            ("@id", id), ("@delivered", delivered), ("@attempts", attempts), ("@reason", reason));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// At start-up, and now and then after: a first attempt that was under way when its instance stopped may or may
    /// not have reached the channel, so it is never sent again (the person's next message shows them where they
    /// are); replies that instance was waiting to retry become this instance's, returned oldest first, to be
    /// delivered. Only instances not seen for a lease count as stopped: a live instance's sends are its own.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> RecoverAsync(CancellationToken cancellationToken)
    {
        await instance.BeatAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        (string, object?)[] owners = [("@me", instance.Id), ("@alive", instance.AliveSince())];
        await using (var interrupted = Sql.Command(
            connection,
            $"UPDATE turn SET status = 'failed', reason = 'interrupted' WHERE status = 'sending' AND {BotInstance.OwnerIsGone("owner")}",
            owners))
        {
            await interrupted.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var adopt = Sql.Command(connection, $"""
            UPDATE turn SET owner = @me WHERE status = 'pending' AND {BotInstance.OwnerIsGone("owner")}
            RETURNING id, channel_id, conversation_id, replies, reference, delivered, attempts, not_before
            """, owners);
        await using var reader = await adopt.ExecuteReaderAsync(cancellationToken);
        var pending = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new OutboxEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), _replies.Unprotect(reader.GetString(3)), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return [.. pending.OrderBy(e => e.Id)];
    }

    private static async Task<bool> WriteStateAsync(DbConnection connection, DbTransaction transaction, StateWrite write, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddParameter("@key", write.Key);
        command.AddParameter("@expected", (object?)write.ExpectedETag ?? DBNull.Value);
        if (write.Data is null)
        {
            // Deleting what is already gone is no conflict.
            command.CommandText = "DELETE FROM bot_state WHERE key = @key AND (CAST(@expected AS TEXT) IS NULL OR etag = @expected)";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }

        command.CommandText = write.ExpectedETag is null
            ? "INSERT INTO bot_state (key, etag, data, updated_at) VALUES (@key, @etag, @data, @now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE bot_state SET etag = @etag, data = @data, updated_at = @now WHERE key = @key AND etag = @expected";
        command.AddParameter("@etag", Guid.NewGuid().ToString("N"));
        command.AddParameter("@data", write.Data);
        command.AddParameter("@now", Sql.Instant(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task SweepNowAndThenAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Now and then, not in every commit: the table stays small without a background job.
        if (Interlocked.Increment(ref _commitsSinceSweep) % 1000 != 1)
        {
            return;
        }

        await using var sweep = Sql.Command(connection,
            "DELETE FROM turn WHERE received_at < @cutoff AND status NOT IN ('sending', 'pending')",
            ("@cutoff", (now - _retention).ToUnixTimeMilliseconds()));
        await sweep.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, TurnKey key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@channel", key.ChannelId);
        command.AddParameter("@conversation", key.ConversationId);
        command.AddParameter("@activity", key.ActivityId);
        return command;
    }
}
