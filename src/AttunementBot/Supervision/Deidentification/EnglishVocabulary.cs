using System.Collections.Frozen;
using System.Text.Json.Serialization;
using AttunementBot.Common;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>The shape of <c>english-words.json</c>: one space-separated string (a list of 30,000 strings parses slower).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record PackedWordsFile(string Words);

/// <summary>The shape of <c>clinical-words.json</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ClinicalWordsFile(
    IReadOnlyList<string> Words, IReadOnlyList<string> Theorists, IReadOnlyList<string> TheoryCues, IReadOnlyList<string> Phrases, IReadOnlyList<string> ToolWords,
    IReadOnlyList<string>? WorkWords = null);

/// <summary>
/// The vocabulary beneath the name detectors: what counts as an ordinary word. A word that is in none of these lists
/// is a possible identifier. Loaded once on first use and shared; immutable, so thread-safe.
/// <list type="bullet">
/// <item>English: lower-case words from a dictionary, with no first names or surnames in it except those that are
/// mostly words (<c>name-words.json</c>), plus the everyday words the proper-noun detector uses;</item>
/// <item>clinical: attachment, trauma and modality vocabulary, public theorists, shorthand, chat abbreviations and slang.</item>
/// </list>
/// </summary>
internal sealed class EnglishVocabulary
{
    private static readonly Lazy<EnglishVocabulary> SharedInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly DeidentificationLexicon lexicon;
    // A HashSet, not a FrozenSet: building a frozen set of 30,000 words costs more at start-up than it saves per look-up.
    private readonly HashSet<string> english;

    public EnglishVocabulary(DeidentificationLexicon lexicon, IEnumerable<string> english, ClinicalWordsFile clinical, IEnumerable<string> nameWords)
    {
        this.lexicon = lexicon;
        this.english = new HashSet<string>(english, StringComparer.OrdinalIgnoreCase);
        var (surnames, rareSurnames) = TheoristSurnames(lexicon, this.english, lexicon.Theorists.Concat(clinical.Phrases));
        var words = clinical.Words.Concat(rareSurnames).ToList();
        Clinical = words.Concat(words.SelectMany(InflectionsOf)).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Theorists = clinical.Theorists.Concat(surnames).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        clinicalByFirstLetter = Clinical.Where(w => w.Length >= 7 && w.All(char.IsAsciiLetterLower)).GroupBy(w => w[0]).ToDictionary(g => g.Key, g => g.ToArray());
        TheoryCues = clinical.TheoryCues.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        MostlyWords = nameWords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Phrases = clinical.Phrases;
        ToolWords = clinical.ToolWords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        WorkWords = (clinical.WorkWords ?? []).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public static EnglishVocabulary Shared => SharedInstance.Value;

    private readonly Dictionary<char, string[]> clinicalByFirstLetter;

    /// <summary>
    /// The surnames of the public theorists named in full in the kept phrases ("Selma Fraiberg", "Peter Levine"): one
    /// that is also a common surname is kept only where the sentence speaks of their work, like the theorists list; one
    /// that is no English word and no common name ("fraiberg") is clinical vocabulary, kept in any case and anywhere.
    /// A phrase is a person's name when every word is capitalised (or a particle, "van der") and it starts with a first
    /// name or ends in a word no dictionary has ("Selma Fraiberg").
    /// </summary>
    private static (List<string> Common, List<string> Rare) TheoristSurnames(DeidentificationLexicon lexicon, HashSet<string> english, IEnumerable<string> phrases)
    {
        var common = new List<string>();
        var rare = new List<string>();
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length is < 2 or > 4 || !words.All(w => char.IsUpper(w[0]) || lexicon.NameParticles.Contains(w))
                || !(lexicon.FirstNames.Contains(words[0]) || !english.Contains(words[^1].ToLowerInvariant())))
            {
                continue;
            }

            foreach (var word in words.Skip(1).Select(w => w.TrimEnd('.').Replace("'s", "", StringComparison.Ordinal)))
            {
                if (word.Length < 3 || lexicon.NameParticles.Contains(word))
                {
                    continue;
                }

                if (lexicon.FirstNames.Contains(word) || lexicon.Surnames.Contains(word))
                {
                    common.Add(word);
                }
                else if (!english.Contains(word) && !lexicon.IsCommon(word) && lexicon.PhrasesStartingWith(word).Count == 0)
                {
                    rare.Add(word);
                }
            }
        }

        return (common, rare);
    }

    /// <summary>
    /// The inflections of a clinical word, so that a verb or noun of the work is kept in every form: "titrate" gives
    /// "titrated", "titrates", "titrating", "titration"; "pendulate" gives "pendulated" and "pendulation".
    /// </summary>
    private static IEnumerable<string> InflectionsOf(string word)
    {
        if (word.Length < 5 || !word.All(c => char.IsAsciiLetterLower(c) || c == '-'))
        {
            yield break;
        }

        if (word.EndsWith('e'))
        {
            var stem = word[..^1];
            yield return word + "d";
            yield return word + "s";
            yield return stem + "ing";
            if (word.EndsWith("ate", StringComparison.Ordinal))
            {
                yield return stem + "ion";
                yield return stem + "ions";
            }

            yield break;
        }

        if (word.EndsWith('s') || word.EndsWith("ed", StringComparison.Ordinal) || word.EndsWith("ing", StringComparison.Ordinal))
        {
            yield break;
        }

        yield return word + "s";
        yield return word + "ed";
        yield return word + "ing";
    }

    /// <summary>
    /// A long word a slip or two of the keys from a clinical word ("dissasociated", "hypervigilent", "mentalisaton"): a
    /// typo of the work's vocabulary, not a name. Eight letters at least (one slip) or ten (two), the first letter right,
    /// and no known name.
    /// </summary>
    public bool IsTypoOfClinicalWord(string word)
    {
        if (word.Length < 8 || !word.All(char.IsAsciiLetter) || lexicon.FirstNames.Contains(word) || lexicon.Surnames.Contains(word)
            || !clinicalByFirstLetter.TryGetValue(char.ToLowerInvariant(word[0]), out var candidates))
        {
            return false;
        }

        var lower = word.ToLowerInvariant();
        var allowed = lower.Length >= 10 ? 2 : 1;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - lower.Length) <= allowed && WithinEdits(lower, candidate, allowed))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Levenshtein distance at most <paramref name="limit"/>, computed in a band and abandoned as soon as it is exceeded.</summary>
    private static bool WithinEdits(string a, string b, int limit)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }

            if (best > limit)
            {
                return false;
            }

            current.CopyTo(previous);
        }

        return previous[b.Length] <= limit;
    }

    public DeidentificationLexicon Lexicon => lexicon;

    public FrozenSet<string> Clinical { get; }

    /// <summary>Theorists whose surnames are common names: kept only before a word about their work.</summary>
    public FrozenSet<string> Theorists { get; }

    public FrozenSet<string> TheoryCues { get; }

    /// <summary>Named approaches, tools, measures and public theorists, kept whole ("Circle of Security", "Jonathan Baylin").</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>Last words of a tool's name ("Questionnaire", "Thermometer"): ordinary capitalised words before one name a tool.</summary>
    public FrozenSet<string> ToolWords { get; }

    /// <summary>Words for a theorist's work that say so a few words on ("Perry's neurosequential model", "Herman's stages").</summary>
    public FrozenSet<string> WorkWords { get; }

    /// <summary>First names and surnames that are far more often ordinary words ("will", "rose", "grant").</summary>
    public FrozenSet<string> MostlyWords { get; }

    /// <summary>A first name or surname that is usually a name, whatever its case ("jaylen", "okafor", "jack").</summary>
    public bool IsUsuallyName(string word) =>
        (lexicon.FirstNames.Contains(word) || lexicon.Surnames.Contains(word)) && !MostlyWords.Contains(word) && !Clinical.Contains(word);

    /// <summary>An ordinary word: English (or a plain inflection of it), clinical, shorthand or an allowed term.</summary>
    public bool IsOrdinary(string word)
    {
        if (Clinical.Contains(word) || lexicon.Allowed.Contains(word) || lexicon.Weekdays.Contains(word) || lexicon.Months.Contains(word))
        {
            return true;
        }

        if (IsUsuallyName(word))
        {
            return false;
        }

        return IsEnglish(word);
    }

    /// <summary>An ordinary word even when it is also a name ("grace" in "with grace").</summary>
    public bool IsOrdinaryLowerCase(string word) => MostlyWords.Contains(word) || IsOrdinary(word);

    /// <summary>
    /// A lower-case word one slip of the keys from a common word ("sesion", "theraphy", "freind"): a typo, not a name.
    /// Six letters at least and no known name, so that short names one letter from a word ("kyle") stay names.
    /// </summary>
    public bool IsTypoOfCommonWord(string word)
    {
        if (word.Length < 6 || !word.All(char.IsAsciiLetterLower) || lexicon.FirstNames.Contains(word) || lexicon.Surnames.Contains(word))
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if (lexicon.CommonWords.Contains(word.Remove(i, 1))
                || (i + 1 < word.Length && lexicon.CommonWords.Contains(string.Concat(word.AsSpan(0, i), [word[i + 1], word[i]], word.AsSpan(i + 2)))))
            {
                return true;
            }
        }

        for (var i = 0; i <= word.Length; i++)
        {
            for (var c = 'a'; c <= 'z'; c++)
            {
                if (lexicon.CommonWords.Contains(word.Insert(i, c.ToString()))
                    || (i < word.Length && c != word[i] && lexicon.CommonWords.Contains(string.Concat(word.AsSpan(0, i), [c], word.AsSpan(i + 1)))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsEnglish(string word)
    {
        var w = word.ToLowerInvariant().Replace('’', '\'');
        if (english.Contains(w) || lexicon.IsCommon(w))
        {
            return true;
        }

        foreach (var ending in Contractions)
        {
            if (w.Length > ending.Length + 1 && w.EndsWith(ending, StringComparison.Ordinal))
            {
                return IsOrdinary(w[..^ending.Length]);
            }
        }

        if (w.Contains('-', StringComparison.Ordinal))
        {
            return w.Split('-', StringSplitOptions.RemoveEmptyEntries).All(IsOrdinary);
        }

        foreach (var (suffix, replacements) in Inflections)
        {
            if (w.Length > suffix.Length + 2 && w.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = w[..^suffix.Length];
                foreach (var replacement in replacements)
                {
                    if (english.Contains(stem + replacement))
                    {
                        return true;
                    }
                }

                if (stem.Length > 2 && stem[^1] == stem[^2] && english.Contains(stem[..^1]))
                {
                    return true;
                }
            }
        }

        foreach (var prefix in Prefixes)
        {
            if (w.Length > prefix.Length + 3 && w.StartsWith(prefix, StringComparison.Ordinal) && IsEnglish(w[prefix.Length..]))
            {
                return true;
            }
        }

        return IsCompound(w);
    }

    /// <summary>
    /// Two English words run together, "trenchcoats", "handprints", "playdough": two words of four letters or more (the
    /// second perhaps plural). Not when the second half is how towns and estates end ("riverbend", "oakfield",
    /// "kingsbridge"), nor when the first is a given name: those are more likely places and surnames.
    /// </summary>
    private bool IsCompound(string w)
    {
        if (w.Length < 7 || !w.All(char.IsAsciiLetterLower))
        {
            return false;
        }

        for (var split = 4; split <= w.Length - 4; split++)
        {
            var head = w[..split];
            var tail = w[split..];
            var singular = tail.EndsWith('s') && !tail.EndsWith("ss", StringComparison.Ordinal) ? tail[..^1] : tail;
            if (english.Contains(head) && (english.Contains(tail) || (singular.Length >= 4 && english.Contains(singular)))
                && !lexicon.FirstNames.Contains(head) && !IsPlaceTail(singular))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsPlaceTail(string tail) =>
        lexicon.CompoundPlaceTails.Contains(tail) || lexicon.PlaceSuffixes.Contains(tail) || lexicon.PlaceEndings.Any(e => tail.EndsWith(e, StringComparison.Ordinal));

    private static readonly string[] Contractions = ["n't", "'ll", "'re", "'ve", "'d", "'m", "'s", "in'"];

    private static readonly (string Suffix, string[] Replacements)[] Inflections =
    [
        ("ies", ["y"]), ("ied", ["y"]), ("ier", ["y"]), ("iest", ["y"]), ("ily", ["y"]), ("es", [""]), ("s", [""]), ("ed", ["", "e"]),
        ("ing", ["", "e"]), ("ly", ["", "e"]), ("er", ["", "e"]), ("ers", ["", "e"]), ("est", ["", "e"]), ("ness", [""]), ("ful", [""]),
        ("less", [""]),
    ];

    private static readonly string[] Prefixes = ["un", "re", "over", "under", "mis", "dis", "non", "pre", "self-", "co", "hyper", "hypo", "anti", "out", "sub", "super"];

    private static EnglishVocabulary Load() => new(
        DeidentificationLexicon.Shared,
        EmbeddedData.Load<PackedWordsFile>(DeidentificationLexicon.Folder + "english-words.json").Words.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        EmbeddedData.Load<ClinicalWordsFile>(DeidentificationLexicon.Folder + "clinical-words.json"),
        EmbeddedData.Load<WordListFile>(DeidentificationLexicon.Folder + "name-words.json").Words);
}
