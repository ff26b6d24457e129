namespace AttunementBot.Supervision.Deidentification;

/// <summary>One identifier removed from a text.</summary>
/// <param name="Kind">What was removed.</param>
/// <param name="Start">Where it starts in the <em>original</em> text.</param>
/// <param name="Length">How many characters of the original text it covers.</param>
/// <param name="Original">The removed text itself. Private: never post or log it.</param>
public sealed record Redaction(IdentifierKind Kind, int Start, int Length, string Original)
{
    /// <summary>The position just after the removed text, in the original text.</summary>
    public int End => Start + Length;
}

/// <summary>
/// A text after de-identification. <see cref="Text"/> is <see cref="Original"/> with each redaction replaced by
/// its tag ("[name]", "[date]"); everything between redactions is unchanged, character for character.
/// <see cref="Redactions"/> are in order of position and never overlap.
/// </summary>
public sealed record DeidentifiedText(string Original, string Text, IReadOnlyList<Redaction> Redactions)
{
    /// <summary>True when anything was removed.</summary>
    public bool HasRedactions => Redactions.Count > 0;
}
