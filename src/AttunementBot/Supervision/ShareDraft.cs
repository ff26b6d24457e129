namespace AttunementBot.Supervision;

/// <summary>
/// A share being prepared in the clinician's private chat (user state): their choices, and once
/// previewed, the exact card content they saw, which is what gets posted.
/// </summary>
public sealed class ShareDraft
{
    public string ReflectionId { get; set; } = string.Empty;

    public string GroupId { get; set; } = string.Empty;

    public bool IncludeMoment { get; set; }

    public bool IncludeIntention { get; set; }

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
