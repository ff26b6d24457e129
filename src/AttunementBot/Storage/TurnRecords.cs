namespace AttunementBot.Storage;

/// <summary>Which inbound activity a turn handles: a re-delivery has the same key.</summary>
public sealed record TurnKey(string ChannelId, string ConversationId, string ActivityId);

/// <summary>A stored state document and the ETag it was read with.</summary>
public sealed record StateRow(string ETag, string Data);

/// <summary>A state change a turn decided; <see cref="Data"/> null deletes the document.</summary>
/// <param name="ExpectedETag">The ETag the turn read, or null when there was no document: a write meets it or is refused.</param>
public sealed record StateWrite(string Key, string? ExpectedETag, string? Data);

/// <summary>What a turn finds before it decides anything.</summary>
/// <param name="Handled">The activity was handled before (a re-delivery): do nothing again.</param>
/// <param name="HandledReplies">The replies that first handling decided (JSON), for a caller that waits for them in the response.</param>
/// <param name="RepliesWereLost">An earlier reply in this conversation never reached the channel.</param>
/// <param name="State">The state documents asked for that exist.</param>
public sealed record TurnStart(bool Handled, string? HandledReplies, bool RepliesWereLost, IReadOnlyDictionary<string, StateRow> State) : IAsyncDisposable
{
    /// <summary>On a database shared by several instances: the turn's transaction, holding its locks until the commit.</summary>
    internal HeldTurn? Held { get; init; }

    /// <summary>Ends the turn's transaction if the commit did not (the turn was a repeat, threw, or is decided again).</summary>
    public ValueTask DisposeAsync() => Held?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>A turn's open transaction and its connection, and its place among the turns that may hold one.</summary>
internal sealed record HeldTurn(System.Data.Common.DbConnection Connection, System.Data.Common.DbTransaction Transaction, TurnSlot? Slot) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        Slot?.Dispose();
    }
}

/// <summary>One of the places for a turn that holds a connection (see <see cref="TurnStore"/>); given back once.</summary>
internal sealed class TurnSlot : IDisposable
{
    private SemaphoreSlim? _slots;

    private TurnSlot(SemaphoreSlim slots) => _slots = slots;

    public static async Task<TurnSlot> TakeAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        return new TurnSlot(slots);
    }

    public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
}

public enum ReplyDelivery
{
    /// <summary>The turn had nothing to send.</summary>
    None,

    /// <summary>The replies go back in the HTTP response (expectReplies): delivered once committed.</summary>
    InResponse,

    /// <summary>The replies are posted to the channel after the commit, and again later if that fails.</summary>
    Channel,
}

/// <param name="Replies">The replies as JSON, in order; null when there are none.</param>
/// <param name="Reference">Where to post them (a conversation reference, JSON), for <see cref="ReplyDelivery.Channel"/>.</param>
/// <param name="SupersedeLostReplies">The turn showed the person where they are, so earlier lost replies no longer matter.</param>
/// <param name="Writes">What the turn's features wrote through <see cref="TurnStateBuffer.Defer"/>.</param>
public sealed record TurnOutcome(
    TurnKey Key,
    IReadOnlyList<StateWrite> State,
    ReplyDelivery Delivery,
    string? Replies,
    string? Reference,
    bool SupersedeLostReplies,
    IReadOnlyList<TurnWrite>? Writes = null);

public enum CommitResult
{
    Committed,

    /// <summary>Another delivery of the same activity committed first: this one has no effect.</summary>
    AlreadyHandled,

    /// <summary>State changed since the turn read it: decide the turn again on fresh state.</summary>
    Conflict,
}

/// <param name="Id">The outbox entry (one turn's replies).</param>
/// <param name="Delivered">How many of the replies already reached the channel.</param>
public sealed record OutboxEntry(long Id, string ChannelId, string ConversationId, string Replies, string Reference, int Delivered, int Attempts, DateTimeOffset? NotBefore);
