using System.Diagnostics.CodeAnalysis;

namespace AttunementBot.Common.Risk;

/// <summary>
/// The words that touch on risk, as data (risk-lexicon.json): entries grouped by kind, the clinical frames that
/// ambiguous shorthand needs, and the contexts (history, play) that quiet some kinds. Patterns are regular
/// expressions matched on whole words, case-insensitively; {name} stands for a macro.
/// </summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
public sealed class RiskLexicon
{
    public const string File = "Common/Risk/risk-lexicon.json";

    private static readonly Lazy<RiskLexicon> Loaded = new(() => EmbeddedData.Load<RiskLexicon>(File));

    public static RiskLexicon Default => Loaded.Value;

    /// <summary>Named pattern fragments, written {name} inside any pattern.</summary>
    public Dictionary<string, string> Macros { get; set; } = [];

    /// <summary>Words just before an entry that negate it (only entries whose negation quiets them care).</summary>
    public string Negation { get; set; } = "";

    /// <summary>How many words may stand between a negation and the entry it negates.</summary>
    public int NegationWords { get; set; } = 3;

    /// <summary>Where a note is cut into clauses: frames and contexts look only inside the clause.</summary>
    public string ClauseBreak { get; set; } = "";

    public Dictionary<string, RiskFrame> Frames { get; set; } = [];

    public Dictionary<string, RiskContext> Contexts { get; set; } = [];

    public List<RiskKindEntries> Kinds { get; set; } = [];
}

/// <summary>What must stand near an ambiguous entry ("si", "hi") for it to count.</summary>
[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
public sealed class RiskFrame
{
    /// <summary>Within <see cref="Words"/> words before the entry.</summary>
    public string Before { get; set; } = "";

    /// <summary>Within <see cref="Words"/> words after the entry.</summary>
    public string After { get; set; } = "";

    public int Words { get; set; } = 3;

    /// <summary>The entry written in capitals in the clinician's own text ("SI") is a frame in itself.</summary>
    public bool Capitals { get; set; }

    /// <summary>The entry alone as the whole note counts: "any" case, or only in "capitals" (so a typed "hi" is a greeting).</summary>
    public string Alone { get; set; } = "";
}

/// <summary>Words in a clause that quiet some kinds (historical trauma work, play), unless an overriding cue is there too.</summary>
public sealed class RiskContext
{
    public string Cues { get; set; } = "";

    /// <summary>Cues that keep the note despite the context ("today", "disclosed", "again").</summary>
    public string Unless { get; set; } = "";
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
public sealed class RiskKindEntries
{
    public RiskKind Kind { get; set; }

    /// <summary>Contexts (names in <see cref="RiskLexicon.Contexts"/>) that quiet this kind's entries.</summary>
    public List<string> QuietIn { get; set; } = [];

    public List<RiskEntry> Entries { get; set; } = [];
}

[SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Deserialized data.")]
public sealed class RiskEntry
{
    public string Match { get; set; } = "";

    /// <summary>A frame (name in <see cref="RiskLexicon.Frames"/>) the entry needs to count.</summary>
    public string? Frame { get; set; }

    /// <summary>Phrases that contain the entry but mean something ordinary ("jumped the gun", "felt attacked").</summary>
    public List<string> Except { get; set; } = [];

    /// <summary>
    /// Whether a negation just before quiets the entry. Most do not: "denies SI", "no plan no intent" are still a
    /// risk conversation, and the note is about protocol, not severity.
    /// </summary>
    public bool NegationQuiets { get; set; }

    /// <summary>Replaces the kind's <see cref="RiskKindEntries.QuietIn"/> for this entry ("safety plan" is never history).</summary>
    public List<string>? QuietIn { get; set; }
}
