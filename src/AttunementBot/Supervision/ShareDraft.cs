namespace AttunementBot.Supervision;

/// <summary>
/// A share being prepared in the clinician's private chat (user state): their choices, and once
/// previewed, the exact card content they saw, which is what gets posted.
/// </summary>
public sealed class ShareDraft
{
    public string ReflectionId { get; set; } = string.Empty;

    public string GroupId { get; set; } = string.Empty;

    /// <summary>
    /// The keys of what goes to the group ("presence", "moment"...), as the clinician ticked them; null until they
    /// choose, which means <see cref="SharedCardComposer.DefaultItems"/>.
    /// </summary>
    public List<string>? Items { get; set; }

    public bool Anonymous { get; set; }

    public string? Question { get; set; }

    /// <summary>Changes with every preview, so a button on an older preview cannot post.</summary>
    public string? PreviewId { get; set; }

    /// <summary>The previewed card content (JSON), already de-identified, posted as is on confirmation.</summary>
    public string? PreviewContent { get; set; }

    /// <summary>
    /// How many words the clinician asked to take out so far. Only the count: the words themselves are never kept,
    /// so "also remove" works on <see cref="PreviewContent"/>, which no longer contains them.
    /// </summary>
    public int RemovedOnRequest { get; set; }
}
