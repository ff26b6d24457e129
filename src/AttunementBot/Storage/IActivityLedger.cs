namespace AttunementBot.Storage;

/// <summary>
/// Remembers which inbound activities were handled, so a channel's re-delivery of the same
/// activity (Teams retries when a bot is slow) is answered without doing the work twice.
/// </summary>
public interface IActivityLedger
{
    /// <summary>Claims the activity. False when it was already claimed (a duplicate delivery).</summary>
    Task<bool> TryClaimAsync(ActivityKey key, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after the turn failed, so the channel's retry is handled for real.</summary>
    Task ReleaseAsync(ActivityKey key, CancellationToken cancellationToken);
}

public sealed record ActivityKey(string ChannelId, string ConversationId, string ActivityId);
