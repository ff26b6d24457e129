using System.Data.Common;

namespace AttunementBot.Storage;

/// <summary>
/// A write a feature's store makes as part of the turn under way, run inside the turn's own commit (or, taken back
/// from the turn, on a connection of its own with no transaction).
/// </summary>
public delegate Task TurnWrite(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

/// <summary>
/// The state of the turn under way on this flow: what the turn read before deciding, and what it decided to
/// write, held back until the turn commits (with its claim and its replies) in one transaction. While a buffer is
/// open, <see cref="BotStateStorage"/> reads from it and writes to it, and a store may hand it a write of its own
/// (<see cref="Defer(TurnWrite)"/>); proactive turns and background work, which open none, reach the database directly.
/// A turn decided again opens a fresh buffer, so nothing of its first decision carries over.
/// </summary>
public sealed class TurnStateBuffer : IDisposable
{
    private static readonly AsyncLocal<TurnStateBuffer?> CurrentBuffer = new();

    private readonly Dictionary<string, StateRow?> _read;
    private readonly Dictionary<string, string?> _written = new(StringComparer.Ordinal);
    private readonly List<(string? Key, TurnWrite Write)> _deferred = [];
    private readonly List<Action> _committed = [];
    private readonly TurnStateBuffer? _outer;

    private TurnStateBuffer(IReadOnlyList<string> keys, IReadOnlyDictionary<string, StateRow> found)
    {
        _read = keys.ToDictionary(k => k, k => found.TryGetValue(k, out var row) ? row : null, StringComparer.Ordinal);
        _outer = CurrentBuffer.Value;
        CurrentBuffer.Value = this;
    }

    public static TurnStateBuffer? Current => CurrentBuffer.Value;

    /// <summary>Opens a buffer on the current flow for the keys the turn read (found or not).</summary>
    public static TurnStateBuffer Open(IReadOnlyList<string> keys, IReadOnlyDictionary<string, StateRow> found) => new(keys, found);

    /// <summary>Whether the turn read this key before deciding (a key it did not is read from the database).</summary>
    public bool Covers(string key) => _read.ContainsKey(key) || _written.ContainsKey(key);

    /// <summary>The document as this turn sees it: its own write if any, else what it read.</summary>
    public string? Read(string key) => _written.TryGetValue(key, out var data) ? data : _read.GetValueOrDefault(key)?.Data;

    /// <summary>A key read from the database during the turn joins the buffer with the ETag it had.</summary>
    public void Adopt(string key, StateRow? row) => _read.TryAdd(key, row);

    public void Write(string key, string data) => _written[key] = data;

    public void Delete(string key) => _written[key] = null;

    /// <summary>
    /// Runs <paramref name="write"/> in the turn's commit, after its state: it is saved exactly when the turn is (not
    /// when the turn throws or is decided again), with no commit of its own. Only for a write the rest of the turn does
    /// not read back.
    /// </summary>
    public void Defer(TurnWrite write) => Defer(null, write);

    /// <summary>
    /// As <see cref="Defer(TurnWrite)"/>, under a key the store can <see cref="TakeDeferred">take it back</see> by,
    /// to write it at once when something later in the turn is about to read what it wrote. A second write under the
    /// same key replaces the first.
    /// </summary>
    public void Defer(string? key, TurnWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (key is not null)
        {
            _deferred.RemoveAll(d => d.Key == key);
        }

        _deferred.Add((key, write));
    }

    /// <summary>The write deferred under <paramref name="key"/>, no longer part of the commit; null when there is none.</summary>
    public TurnWrite? TakeDeferred(string key)
    {
        var index = _deferred.FindIndex(d => d.Key == key);
        if (index < 0)
        {
            return null;
        }

        var write = _deferred[index].Write;
        _deferred.RemoveAt(index);
        return write;
    }

    /// <summary>The stores' writes handed to <see cref="Defer(string?, TurnWrite)"/>, in order.</summary>
    public IReadOnlyList<TurnWrite> Deferred => [.. _deferred.Select(d => d.Write)];

    /// <summary>
    /// Runs <paramref name="action"/> once the turn has committed, in the order given: for what a store keeps in
    /// memory about what it wrote, which must not run ahead of a commit that may still fail or be decided again.
    /// </summary>
    public void OnCommitted(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _committed.Add(action);
    }

    /// <summary>Called by the turn once its commit succeeded.</summary>
    public void Committed()
    {
        foreach (var action in _committed)
        {
            action();
        }

        _committed.Clear();
    }

    /// <summary>The turn's changes, each to be written only if the document is still as the turn read it.</summary>
    public IReadOnlyList<StateWrite> Changes() =>
        [.. _written
            .Where(w => w.Value != _read.GetValueOrDefault(w.Key)?.Data)
            .Select(w => new StateWrite(w.Key, _read.GetValueOrDefault(w.Key)?.ETag, w.Value))];

    public void Dispose()
    {
        if (CurrentBuffer.Value == this)
        {
            CurrentBuffer.Value = _outer;
        }
    }
}
