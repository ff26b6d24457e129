using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AttunementBot.Common;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Removes identifiers from free text a clinician chooses to share with their supervision group: names of
/// people, places and organisations, dates other than the year, ages over 89, phone and fax numbers, email,
/// URL and IP addresses, social security, medical record, health plan, account and licence numbers, vehicle
/// and device identifiers, ZIP codes. Each is replaced by a neutral tag ("[name]", "[date]").
/// <para>
/// Structured identifiers are found by patterns that must catch every one; names by several signals, erring
/// towards removing (the clinician sees and can edit the result before anything is posted). Text between
/// redactions is untouched. The result is deterministic, and de-identifying it again changes nothing.
/// Thread-safe: one instance can serve every conversation.
/// </para>
/// </summary>
public sealed class Deidentifier
{
    public const string TagsPath = DeidentificationLexicon.Folder + "tags.json";

    private readonly FrozenDictionary<IdentifierKind, string> tags;
    private readonly StructuredDetector structured;
    private readonly ProperNounDetector properNouns;
    private readonly VocabularyNet net;
    private readonly Regex existingTag;
    private readonly KeptPhrases keptPhrases;

    // Built once: the data files are read and the patterns compiled on first use, then every instance shares them.
    private static readonly Lazy<Deidentifier> Default = new(
        () => new Deidentifier(DeidentificationLexicon.Shared, LoadTags()), LazyThreadSafetyMode.ExecutionAndPublication);

    public Deidentifier()
        : this(Default.Value)
    {
    }

    private Deidentifier(Deidentifier shared)
    {
        tags = shared.tags;
        structured = shared.structured;
        properNouns = shared.properNouns;
        net = shared.net;
        existingTag = shared.existingTag;
        keptPhrases = shared.keptPhrases;
    }

    internal Deidentifier(DeidentificationLexicon lexicon, IReadOnlyDictionary<IdentifierKind, string> tags)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        ArgumentNullException.ThrowIfNull(tags);
        var missing = Enum.GetValues<IdentifierKind>().Where(kind => !tags.ContainsKey(kind)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{TagsPath} has no tag for {string.Join(", ", missing)}.");
        }

        this.tags = tags.ToFrozenDictionary();
        structured = new StructuredDetector(lexicon);
        properNouns = new ProperNounDetector(lexicon);
        net = VocabularyNet.Shared;
        existingTag = new Regex(
            string.Join('|', this.tags.Values.Distinct().OrderByDescending(t => t.Length).Select(Regex.Escape)),
            RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(500));
        keptPhrases = new KeptPhrases(lexicon.Theorists.Concat(net.Vocabulary.Phrases));
    }

    /// <summary>The tag that replaces each kind of identifier.</summary>
    public IReadOnlyDictionary<IdentifierKind, string> Tags => tags;

    /// <summary>
    /// Finds and replaces the identifiers in <paramref name="text"/>.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">
    /// A pattern took too long. The text was not checked and must not be shared.
    /// </exception>
    public DeidentifiedText Deidentify(string text) => DeidentifyAll([text], [])[0];

    /// <summary>
    /// De-identifies the fields of one share together: a string removed from any field is removed from every field,
    /// in every case and spelling, and so is each of <paramref name="alsoRemove"/> (the clinician's own list).
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">A pattern took too long; nothing may be shared.</exception>
    public IReadOnlyList<DeidentifiedText> DeidentifyAll(IReadOnlyList<string> texts, IReadOnlyCollection<string> alsoRemove)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(alsoRemove);
        var passes = texts.Select(text => (Text: text ?? throw new ArgumentNullException(nameof(texts)), Found: Detect(text, out var masked), Masked: masked)).ToList();
        var terms = new TermSet();
        foreach (var term in alsoRemove)
        {
            terms.Add(term, IdentifierKind.Name);
        }

        foreach (var (text, found, _) in passes)
        {
            foreach (var detection in found)
            {
                terms.AddRemoved(text[detection.Start..detection.End], detection.Kind, net.Vocabulary);
            }
        }

        return passes.Select(pass =>
        {
            terms.FindIn(pass.Text, pass.Masked, pass.Found);
            var redactions = Merge(pass.Text, pass.Found);
            return new DeidentifiedText(pass.Text, Render(pass.Text, redactions), redactions);
        }).ToList();
    }

    /// <summary>
    /// Words left in de-identified texts that are worth a second look: capitalised inside a sentence, or a name that is
    /// also a word ("rose", "hope"). At most ten, each once, in order of appearance.
    /// </summary>
    public IReadOnlyList<string> WordsToReview(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.SelectMany(t => net.WordsToReview(existingTag.Replace(t, " , "))).Distinct(StringComparer.OrdinalIgnoreCase).Take(10)];
    }

    private List<Detection> Detect(string text, out bool[] masked)
    {
        // Tags already in the text (from an earlier pass, or typed by the clinician) are left as they are.
        masked = new bool[text.Length];
        var detections = new List<Detection>();
        if (text.Length == 0)
        {
            return detections;
        }

        foreach (Match tag in existingTag.Matches(text))
        {
            Array.Fill(masked, true, tag.Index, tag.Length);
        }

        structured.Detect(text, detections);
        InformalDetector.Detect(text, detections);
        StructuredDetector.WidenDatesOverWeekdays(text, detections);
        var tagged = masked;
        detections.RemoveAll(d => Overlaps(tagged, d));
        var covered = (bool[])masked.Clone();
        foreach (var detection in detections)
        {
            Array.Fill(covered, true, detection.Start, detection.Length);
        }

        // A public theorist named in full ("Bruce Perry's model") or a named approach ("Circle of Security") is theory,
        // not a person or a place in the room.
        keptPhrases.Cover(text, covered);

        var proper = new List<Detection>();
        properNouns.Detect(text, covered, proper);
        proper.RemoveAll(d => net.IsClinicalTerm(text, d) || net.IsShouted(text, d));
        foreach (var detection in proper)
        {
            Array.Fill(covered, true, detection.Start, detection.Length);
        }

        foreach (var detection in proper)
        {
            var widened = HouseNumbers.Widen(text, net.WithCapitalisedNeighbours(text, detection, covered), covered);
            Array.Fill(covered, true, widened.Start, widened.Length);
            detections.Add(widened);
        }

        var fromNet = detections.Count;
        net.Detect(text, covered, detections);
        for (var i = fromNet; i < detections.Count; i++)
        {
            detections[i] = HouseNumbers.Widen(text, detections[i], covered);
        }

        return detections;
    }

    /// <summary>
    /// Overlapping detections become one redaction, named after the longest of them (or, for equal lengths, the
    /// more specific kind). Names separated only by spaces become one "[name]".
    /// </summary>
    private static List<Redaction> Merge(string text, List<Detection> detections)
    {
        var merged = new List<(int Start, int End, Detection Lead)>();
        foreach (var detection in detections.OrderBy(d => d.Start).ThenByDescending(d => d.Length).ThenBy(d => d.Anchor).ThenByDescending(d => Detection.Rank(d.Kind)))
        {
            if (merged.Count > 0 && detection.Start < merged[^1].End)
            {
                var (start, end, lead) = merged[^1];
                merged[^1] = (start, Math.Max(end, detection.End), detection.IsBetterThan(lead) ? detection : lead);
                continue;
            }

            if (merged.Count > 0 && merged[^1].Lead.Kind == IdentifierKind.Name && detection.Kind == IdentifierKind.Name
                && text.AsSpan(merged[^1].End, detection.Start - merged[^1].End).Trim(' ').IsEmpty)
            {
                merged[^1] = (merged[^1].Start, detection.End, merged[^1].Lead);
                continue;
            }

            merged.Add((detection.Start, detection.End, detection));
        }

        return merged.Select(m => new Redaction(m.Lead.Kind, m.Start, m.End - m.Start, text[m.Start..m.End])).ToList();
    }

    private string Render(string text, List<Redaction> redactions)
    {
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var redaction in redactions)
        {
            builder.Append(text, position, redaction.Start - position).Append(tags[redaction.Kind]);
            position = redaction.End;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static bool Overlaps(bool[] masked, Detection detection) =>
        Array.IndexOf(masked, true, detection.Start, detection.Length) >= 0;

    private static FrozenDictionary<IdentifierKind, string> LoadTags() =>
        EmbeddedData.Load<Dictionary<IdentifierKind, string>>(TagsPath).ToFrozenDictionary();
}
