using System.Collections.Frozen;
using System.Text.Json.Serialization;
using AttunementBot.Common;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>The shape of <c>lexicon.json</c>; each list is explained in the file.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record LexiconFile(
    IReadOnlyList<string> Allowed,
    IReadOnlyList<string> Descriptors,
    IReadOnlyList<string> Titles,
    IReadOnlyList<string> Relations,
    IReadOnlyList<string> NameCues,
    IReadOnlyList<string> NameVerbs,
    IReadOnlyList<string> PlaceCues,
    IReadOnlyList<string> MotionVerbs,
    IReadOnlyList<string> PossessedRelations,
    IReadOnlyList<string> OrganisationSuffixes,
    IReadOnlyList<string> OrganisationPrefixes,
    IReadOnlyList<string> OrganisationLeads,
    IReadOnlyList<string> Organisations,
    IReadOnlyList<string> StreetSuffixes,
    IReadOnlyList<string> WeakStreetSuffixes,
    IReadOnlyList<string> PlaceEndings,
    IReadOnlyList<string> CompoundPlaceTails,
    IReadOnlyList<string> Connectors,
    IReadOnlyList<string> EmployerCues,
    IReadOnlyList<string> NameParticles,
    IReadOnlyList<string> PlaceSuffixes,
    IReadOnlyList<string> States,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Abbreviations,
    IReadOnlyList<string> Months,
    IReadOnlyList<string> Holidays,
    IReadOnlyList<string> Weekdays,
    IReadOnlyList<string>? Theorists = null,
    IReadOnlyList<string>? NicknameWords = null);

/// <summary>The shape of <c>first-names.json</c> and <c>surnames.json</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record NameListFile(IReadOnlyList<string> Names);

/// <summary>The shape of <c>common-words.json</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record WordListFile(IReadOnlyList<string> Words);

/// <summary>What a known multi-word phrase is: a state or country (kept), a city, an organisation, a holiday.</summary>
internal enum PhraseCategory
{
    Keep,
    Place,
    Organisation,
    Date,
}

/// <summary>A known phrase ("New York", "Salvation Army", "Christmas Eve") and what it is.</summary>
internal sealed record KnownPhrase(string Text, PhraseCategory Category)
{
    /// <summary>All-capital short entries ("IN", "OR", "ME") match only in capitals, so "in" stays a word.</summary>
    public bool MatchCase { get; } = Text.Length <= 3 && Text.All(char.IsUpper);
}

/// <summary>
/// The word lists behind the de-identifier, loaded once from the data files beside this code. Words compare
/// ignoring case; the common-words list also answers for simple inflections ("cried" from "cry").
/// </summary>
internal sealed class DeidentificationLexicon
{
    public const string Folder = "Supervision/Deidentification/";

    private static readonly Lazy<DeidentificationLexicon> SharedInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, KnownPhrase[]> phrasesByFirstWord;

    public DeidentificationLexicon(LexiconFile file, IReadOnlyList<string> firstNames, IReadOnlyList<string> surnames, IReadOnlyList<string> commonWords)
    {
        ArgumentNullException.ThrowIfNull(file);
        FirstNames = Set(firstNames);
        Surnames = Set(surnames);
        CommonWords = Set(commonWords);
        Descriptors = Set(file.Descriptors);
        Allowed = Set(file.Allowed.Concat(file.Descriptors));
        Titles = Set(file.Titles);
        Relations = Set(file.Relations);
        NameCues = Set(file.NameCues);
        NameVerbs = Set(file.NameVerbs);
        PlaceCues = Set(file.PlaceCues);
        MotionVerbs = Set(file.MotionVerbs);
        PossessedRelations = Set(file.PossessedRelations);
        OrganisationSuffixes = Set(file.OrganisationSuffixes);
        OrganisationPrefixes = Set(file.OrganisationPrefixes);
        OrganisationLeads = Set(file.OrganisationLeads);
        StreetSuffixes = Set(file.StreetSuffixes);
        WeakStreetSuffixes = Set(file.WeakStreetSuffixes);
        PlaceSuffixes = Set(file.PlaceSuffixes);
        PlaceEndings = file.PlaceEndings.Select(e => e.ToLowerInvariant()).ToArray();
        CompoundPlaceTails = Set(file.CompoundPlaceTails);
        Connectors = Set(file.Connectors);
        EmployerCues = Set(file.EmployerCues);
        NameParticles = Set(file.NameParticles);
        Abbreviations = Set(file.Abbreviations);
        Months = Set(file.Months);
        Weekdays = Set(file.Weekdays);
        NicknameWords = Set(file.NicknameWords ?? []);
        Theorists = file.Theorists ?? [];

        // Longest phrases first, so that "New York City" wins over "New York".
        var phrases = file.States.Concat(file.Countries).Concat(file.Theorists ?? []).Select(p => new KnownPhrase(p, PhraseCategory.Keep))
            .Concat(file.Places.Select(p => new KnownPhrase(p, PhraseCategory.Place)))
            .Concat(file.Organisations.Select(p => new KnownPhrase(p, PhraseCategory.Organisation)))
            .Concat(file.Holidays.Select(p => new KnownPhrase(p, PhraseCategory.Date)));
        phrasesByFirstWord = phrases
            .GroupBy(p => FirstWord(p.Text).TrimEnd('.'), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderByDescending(p => p.Text.Length).ThenBy(p => p.Category).ToArray(),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The lexicon from the embedded data files, loaded on first use and shared (it is immutable).</summary>
    public static DeidentificationLexicon Shared => SharedInstance.Value;

    public FrozenSet<string> FirstNames { get; }
    public FrozenSet<string> Surnames { get; }
    public FrozenSet<string> CommonWords { get; }
    /// <summary>Words kept in any position: allowed terms and descriptors.</summary>
    public FrozenSet<string> Allowed { get; }

    /// <summary>Religions, ethnicities, languages, nationalities: kept alone, but they can begin an organisation's name.</summary>
    public FrozenSet<string> Descriptors { get; }
    public FrozenSet<string> Titles { get; }
    public FrozenSet<string> Relations { get; }
    public FrozenSet<string> NameCues { get; }
    public FrozenSet<string> NameVerbs { get; }
    public FrozenSet<string> PlaceCues { get; }
    public FrozenSet<string> MotionVerbs { get; }
    public FrozenSet<string> PossessedRelations { get; }
    public FrozenSet<string> OrganisationSuffixes { get; }
    public FrozenSet<string> OrganisationPrefixes { get; }

    /// <summary>Words that begin an organisation in another language, no "of" needed: "Casa", "Escuela", "Kura", "Hoërskool".</summary>
    public FrozenSet<string> OrganisationLeads { get; }
    public FrozenSet<string> StreetSuffixes { get; }
    public FrozenSet<string> WeakStreetSuffixes { get; }
    public FrozenSet<string> PlaceSuffixes { get; }
    public IReadOnlyList<string> PlaceEndings { get; }

    /// <summary>Second halves that make a run-together word a place, not two words: "riverbend", "ferncliff".</summary>
    public FrozenSet<string> CompoundPlaceTails { get; }
    public FrozenSet<string> Connectors { get; }

    /// <summary>"works at", "job at": the capitalised words after them name an employer.</summary>
    public FrozenSet<string> EmployerCues { get; }
    public FrozenSet<string> NameParticles { get; }
    public FrozenSet<string> Abbreviations { get; }
    public FrozenSet<string> Months { get; }
    public FrozenSet<string> Weekdays { get; }

    /// <summary>Words a nickname begins with ("Big Mike"): capitalised before a name, even at a sentence start, they belong to it.</summary>
    public FrozenSet<string> NicknameWords { get; }

    /// <summary>Public theorists by full name ("Bruce Perry"): kept whole, although their first names are names.</summary>
    public IReadOnlyList<string> Theorists { get; }

    public static DeidentificationLexicon Load() => new(
        EmbeddedData.Load<LexiconFile>(Folder + "lexicon.json"),
        EmbeddedData.Load<NameListFile>(Folder + "first-names.json").Names,
        EmbeddedData.Load<NameListFile>(Folder + "surnames.json").Names,
        EmbeddedData.Load<WordListFile>(Folder + "common-words.json").Words);

    /// <summary>A state, country or region kept by Safe Harbor, as one word ("Texas", "ireland").</summary>
    public bool IsKeptPlace(string word) =>
        PhrasesStartingWith(word).Any(p => p.Category == PhraseCategory.Keep && !p.MatchCase && p.Text.Equals(word, StringComparison.OrdinalIgnoreCase))
        || Descriptors.Contains(word);

    /// <summary>The phrases that may start with this word, longest first.</summary>
    public IReadOnlyList<KnownPhrase> PhrasesStartingWith(string word) =>
        phrasesByFirstWord.TryGetValue(word, out var found) ? found : [];

    /// <summary>
    /// An everyday English word, directly or as a plain inflection of one: "cried" (cry), "hoping" (hope),
    /// "stopped" (stop), "quietly" (quiet), "wouldn't" (would), "unsettled" (settle).
    /// </summary>
    public bool IsCommon(string word)
    {
        var w = word.ToLowerInvariant();
        if (CommonWords.Contains(w))
        {
            return true;
        }

        foreach (var contraction in Contractions)
        {
            if (w.Length > contraction.Length + 1 && w.EndsWith(contraction, StringComparison.Ordinal))
            {
                return IsCommon(w[..^contraction.Length]);
            }
        }

        if (w.Contains('-', StringComparison.Ordinal))
        {
            return w.Split('-', StringSplitOptions.RemoveEmptyEntries).All(IsCommon);
        }

        if (IsInflectionOfCommon(w))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (w.Length > prefix.Length + 3 && w.StartsWith(prefix, StringComparison.Ordinal)
                && (CommonWords.Contains(w[prefix.Length..]) || IsInflectionOfCommon(w[prefix.Length..])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Shaped like an English derived word ("Noticing", "Afterwards", "Ambivalence"). Used only for a capitalised
    /// word at the start of a sentence, where capitals say nothing about being a name.
    /// </summary>
    public static bool LooksLikeEnglishWord(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length >= 5 && EnglishEndings.Any(e => w.EndsWith(e, StringComparison.Ordinal));
    }

    /// <summary>Ends like a town name ("Brookville", "Harrisburg").</summary>
    public bool HasPlaceEnding(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length >= 6 && PlaceEndings.Any(e => w.EndsWith(e, StringComparison.Ordinal));
    }

    private bool IsInflectionOfCommon(string w)
    {
        bool Has(string stem) => stem.Length >= 3 && CommonWords.Contains(stem);
        bool HasDoubled(string stem) => stem.Length >= 4 && stem[^1] == stem[^2] && Has(stem[..^1]);

        if (w.EndsWith("ies", StringComparison.Ordinal) && Has(w[..^3] + "y"))
        {
            return true;
        }

        if (w.EndsWith("ied", StringComparison.Ordinal) && Has(w[..^3] + "y"))
        {
            return true;
        }

        if (w.EndsWith("ily", StringComparison.Ordinal) && Has(w[..^3] + "y"))
        {
            return true;
        }

        if (w.EndsWith("es", StringComparison.Ordinal) && Has(w[..^2]))
        {
            return true;
        }

        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && Has(w[..^1]))
        {
            return true;
        }

        if (w.EndsWith("ed", StringComparison.Ordinal) && (Has(w[..^2]) || Has(w[..^1]) || HasDoubled(w[..^2])))
        {
            return true;
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && (Has(w[..^3]) || Has(w[..^3] + "e") || HasDoubled(w[..^3])))
        {
            return true;
        }

        if (w.EndsWith("ly", StringComparison.Ordinal) && (Has(w[..^2]) || Has(w[..^2] + "e") || Has(w[..^1] + "e")))
        {
            return true;
        }

        if (w.EndsWith("er", StringComparison.Ordinal) && (Has(w[..^2]) || Has(w[..^1]) || HasDoubled(w[..^2])))
        {
            return true;
        }

        return w.EndsWith("est", StringComparison.Ordinal) && (Has(w[..^3]) || Has(w[..^2]));
    }

    private static readonly string[] Contractions = ["n't", "'ll", "'re", "'ve", "'d", "'m", "’ll", "’re", "’ve", "’d", "’m", "n’t"];

    private static readonly string[] Prefixes = ["un", "re", "over", "under", "mis", "dis", "non", "pre", "self"];

    private static readonly string[] EnglishEndings =
    [
        "ing", "ed", "ly", "tion", "sion", "ness", "ment", "ments", "ity", "ous", "ive", "ful", "less", "able", "ible", "ance", "ence",
        "ship", "hood", "ism", "ist", "ize", "ise", "ized", "ised", "ward", "wards", "wise", "ical", "ery", "ory", "ency", "ancy",
    ];

    private static string FirstWord(string phrase)
    {
        var space = phrase.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? phrase : phrase[..space];
    }

    private static FrozenSet<string> Set(IEnumerable<string> words) =>
        words.Select(w => w.TrimEnd('.')).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
