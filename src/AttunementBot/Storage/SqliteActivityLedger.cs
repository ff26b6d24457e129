using Microsoft.Extensions.Options;

namespace AttunementBot.Storage;

public sealed class SqliteActivityLedger(SqliteDatabase database, TimeProvider clock, IOptions<StorageOptions> options) : IActivityLedger
{
    private readonly TimeSpan _retention = TimeSpan.FromHours(options.Value.ProcessedActivityRetentionHours);
    private long _claimsSinceSweep;

    public async Task<bool> TryClaimAsync(ActivityKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO processed_activity (channel_id, conversation_id, activity_id, received_at)
            VALUES ($channel, $conversation, $activity, $now)
            ON CONFLICT DO NOTHING
            """;
        insert.Parameters.AddWithValue("$channel", key.ChannelId);
        insert.Parameters.AddWithValue("$conversation", key.ConversationId);
        insert.Parameters.AddWithValue("$activity", key.ActivityId);
        insert.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        var claimed = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;

        // Sweeping now and then keeps the table small without a background job.
        if (claimed && Interlocked.Increment(ref _claimsSinceSweep) % 500 == 1)
        {
            await using var sweep = connection.CreateCommand();
            sweep.CommandText = "DELETE FROM processed_activity WHERE received_at < $cutoff";
            sweep.Parameters.AddWithValue("$cutoff", (clock.GetUtcNow() - _retention).ToUnixTimeMilliseconds());
            await sweep.ExecuteNonQueryAsync(cancellationToken);
        }

        return claimed;
    }

    public async Task ReleaseAsync(ActivityKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM processed_activity WHERE channel_id = $channel AND conversation_id = $conversation AND activity_id = $activity";
        delete.Parameters.AddWithValue("$channel", key.ChannelId);
        delete.Parameters.AddWithValue("$conversation", key.ConversationId);
        delete.Parameters.AddWithValue("$activity", key.ActivityId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
