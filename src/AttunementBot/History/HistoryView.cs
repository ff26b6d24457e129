using System.Diagnostics.CodeAnalysis;

namespace AttunementBot.History;

/// <summary>
/// The page of "my reflections" last shown, so typed "open 2", "earlier" and "delete 2" know what they mean (user state;
/// ids and places only, never what a reflection says).
/// </summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Serialized state needs setters.")]
[SuppressMessage("Design", "CA1002:Do not expose generic lists", Justification = "Serialized state: List<T> round-trips everywhere.")]
public sealed class HistoryView
{
    /// <summary>The reflections on the page, in the order numbered.</summary>
    public List<string> Ids { get; set; } = [];

    /// <summary>Cursors of the page's newest and oldest reflection (<see cref="HistoryCursor"/> as text).</summary>
    public string? Newest { get; set; }

    public string? Oldest { get; set; }

    /// <summary>The reflection opened from the list, for a typed "delete this reflection".</summary>
    public string? Opened { get; set; }

    /// <summary>A typed delete waiting for "yes, delete it".</summary>
    public string? PendingDelete { get; set; }

    public DateTimeOffset? PendingDeleteAt { get; set; }
}
