using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AttunementBot.Common;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>The shape of <c>web-words.json</c>; each list is explained in the file.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record WebWordsFile(
    IReadOnlyList<string> TopLevelDomains,
    IReadOnlyList<string> LinkHosts,
    IReadOnlyList<string> MailTopLevelDomains,
    IReadOnlyList<string> SecondLevelDomains,
    IReadOnlyList<string> WordlessMailProviders,
    IReadOnlyList<string> WordMailProviders);

/// <summary>
/// The web and e-mail patterns whose word lists are data (<c>web-words.json</c>): bare domains, link-in-bio and short-link
/// hosts, and e-mail addresses spelled out with "at" and "dot" or named by their provider. Built once on first use and
/// shared; a <see cref="Regex"/> is thread-safe. Every pattern has a timeout, which propagates.
/// </summary>
internal sealed class WebPatterns
{
    private const int TimeoutMs = 2000;
    private const RegexOptions Ci = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // A spelled, bracketed or spaced "dot": "dot", "(dot)", "[dot]", " . ".
    private const string SpelledDot = @"(?:\s*(?:\(dot\)|\[dot\]|\{dot\})\s*|\s+dot\s+|\s\.\s)";

    // A number in a name, in digits or in words: "tomo 88", "kezza ninety nine", "jo two thousand and five".
    private const string NameNumber =
        @"(?:\s+\d{1,6}|(?:\s+(?:and\s+)?(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|triple)){1,5})?";

    private const string SpelledJoins = @"(?:\s+(?:dot|underscore|dash)\s+[\w+-]+)*" + NameNumber;

    private static readonly Lazy<WebPatterns> SharedInstance = new(
        () => new WebPatterns(EmbeddedData.Load<WebWordsFile>(DeidentificationLexicon.Folder + "web-words.json")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public WebPatterns(WebWordsFile words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var topLevel = Alternation(words.TopLevelDomains);
        BareDomain = new Regex(
            @"(?<![\w@./-])(?:(?>[A-Z0-9-]{1,63})\.)+(?:" + topLevel + @")(?![\w-]|\.[A-Z0-9])(?:/[^\s<>""'()\[\]]*)?", Ci, TimeSpan.FromMilliseconds(TimeoutMs));
        LinkHost = new Regex(
            @"(?<![\w@./-])(?:" + Alternation(words.LinkHosts) + @")(?![\w-]|\.[A-Z0-9])(?:/[^\s<>""'()\[\]]*)?", Ci, TimeSpan.FromMilliseconds(TimeoutMs));

        // "r.castellano at gmail dot com", "tina dot marwick (at) hotmail (dot) com", "principal at school dot edu dot tt": "at" and
        // a spelled dot before a top-level domain, or before any two letters after a second-level word ("dot co dot za").
        var mailTopLevel = @"(?:" + Alternation(words.MailTopLevelDomains) + @"|(?<=\b(?:" + Alternation(words.SecondLevelDomains) + @")" + SpelledDot + @")[a-z]{2})";
        SpelledEmail = new Regex(
            @"(?<![\w.])[a-z0-9][\w.+-]*" + SpelledJoins + @"\s*(?:\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|\s+at\s+|@)\s*[a-z0-9-]+(?:(?:" + SpelledDot + @"|\.)[a-z0-9-]+)*" + SpelledDot + mailTopLevel + @"\b",
            Ci, TimeSpan.FromMilliseconds(TimeoutMs));

        // "tomo88 at gmail", "jo dot bloggs at gmail", "jo@gmail", "jo at gmail.com", "sam at hotmail": a mail provider after "at" or
        // "@" makes an address of a name with a digit, an underscore, a dot or a spelled dot in it, of any word before a provider
        // that is no English word, or of anything right before "@" or before the provider's domain.
        var wordless = @"(?:" + Alternation(words.WordlessMailProviders) + @")";
        var provider = @"(?:" + Alternation(words.WordlessMailProviders.Concat(words.WordMailProviders)) + @")";
        EmailAtProvider = new Regex(
            @"(?<![\w.])(?:[a-z0-9][\w+-]*[\d_.][\w.+-]*|[a-z0-9][\w.+-]*(?:\s+(?:dot|underscore)\s+[\w+-]+)+)" + NameNumber + @"\s+(?:at|@)\s+" + provider + @"\b(?:\s*(?:dot|\.)\s*[a-z]{2,4}\b)*"
            + @"|(?<![\w.])[a-z][\w+-]*" + NameNumber + @"\s+at\s+" + wordless + @"\b(?:\s*(?:dot|\.)\s*[a-z]{2,4}\b)*"
            + @"|(?<![\w.])[a-z0-9][\w.+-]*\s*@\s*" + provider + @"\b(?:\s*(?:dot|\.)\s*[a-z]{2,4}\b)*"
            + @"|(?<![\w.])[a-z0-9][\w.+-]*\s+at\s+" + provider + @"\.[a-z]{2,4}(?:\.[a-z]{2})?\b",
            Ci, TimeSpan.FromMilliseconds(TimeoutMs));
    }

    public static WebPatterns Shared => SharedInstance.Value;

    /// <summary>"greenleafcc.ca", "ayeshabakes.co.za/shop": a bare domain with a known top-level domain.</summary>
    public Regex BareDomain { get; }

    /// <summary>"linktr.ee", "bit.ly/3xY", "wa.me/27...": a link-in-bio page or short link.</summary>
    public Regex LinkHost { get; }

    public Regex SpelledEmail { get; }

    public Regex EmailAtProvider { get; }

    // Longest first, so that "co.za" is tried before "co".
    private static string Alternation(IEnumerable<string> words) =>
        string.Join('|', words.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Select(Regex.Escape));
}
