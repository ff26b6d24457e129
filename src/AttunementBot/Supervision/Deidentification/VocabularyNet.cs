using System.Collections.Frozen;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AttunementBot.Common;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>The shape of <c>net-words.json</c>; each list is explained in the file.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record NetWordsFile(
    IReadOnlyList<string> Titles,
    IReadOnlyList<string> RoleTitles,
    IReadOnlyList<string> Determiners,
    IReadOnlyList<string> NotNames,
    IReadOnlyList<string> OrganisationTypes,
    IReadOnlyList<string> GenericModifiers,
    IReadOnlyList<string> PlaceCues,
    IReadOnlyList<string> PlacePrefixes,
    IReadOnlyList<string> PlaceWords,
    IReadOnlyList<string> PersonVerbs,
    IReadOnlyList<string> OrganisationPrefixes,
    IReadOnlyList<string> Denominations,
    IReadOnlyList<string> KinWords,
    IReadOnlyList<string> KinModifiers,
    IReadOnlyList<string> ClauseOpeners,
    IReadOnlyList<string> Companions,
    IReadOnlyList<string> TensedVerbs,
    IReadOnlyList<string> WeakVerbs,
    IReadOnlyList<string> PersonalVerbs,
    IReadOnlyList<string> EstateWords,
    IReadOnlyList<string> ResidenceCues,
    IReadOnlyList<string> ResidencePhrases,
    IReadOnlyList<string> NotTowns,
    IReadOnlyList<string> PhraseEnds,
    IReadOnlyList<string> WordSubjectFollowers);

/// <summary>
/// The net beneath the proper-noun detector, for text written in any case. It runs over the words nothing else
/// removed and takes:
/// <list type="bullet">
/// <item>initials and initial pairs ("K.", "D.W.", "JR"), and the word after a title in any case ("mr b", "judge harrow");</item>
/// <item>a word before "(the husband)"-style asides, and nicknames in quotes after "call", "goes by", "nickname";</item>
/// <item>lower-case organisations: ordinary words before an organisation type ("rosewood elementary"), "st. X's";</item>
/// <item>first names and surnames in any case, unless the name is mostly an ordinary word ("rose", "will");</item>
/// <item>any word that is neither English nor clinical vocabulary: a possible identifier.</item>
/// </list>
/// </summary>
internal sealed partial class VocabularyNet
{
    private static readonly Lazy<VocabularyNet> SharedInstance = new(
        () => new VocabularyNet(EnglishVocabulary.Shared, EmbeddedData.Load<NetWordsFile>(DeidentificationLexicon.Folder + "net-words.json")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly EnglishVocabulary vocabulary;
    private readonly FrozenSet<string> titles;
    private readonly FrozenSet<string> roleTitles;
    private readonly FrozenSet<string> determiners;
    private readonly FrozenSet<string> notNames;
    private readonly FrozenSet<string> organisationTypes;
    private readonly FrozenSet<string> genericModifiers;
    private readonly FrozenSet<string> placeCues;
    private readonly FrozenSet<string> placePrefixes;
    private readonly FrozenSet<string> placeWords;
    private readonly FrozenSet<string> personVerbs;
    private readonly FrozenSet<string> organisationPrefixes;
    private readonly FrozenSet<string> denominations;
    private readonly FrozenSet<string> kinWords;
    private readonly FrozenSet<string> kinModifiers;
    private readonly FrozenSet<string> clauseOpeners;
    private readonly FrozenSet<string> companions;
    private readonly FrozenSet<string> tensedVerbs;
    private readonly FrozenSet<string> weakVerbs;
    private readonly FrozenSet<string> personalVerbs;
    private readonly FrozenSet<string> estateWords;
    private readonly FrozenSet<string> residenceCues;
    private readonly FrozenSet<string> residencePhrases;
    private readonly FrozenSet<string> notTowns;
    private readonly FrozenSet<string> phraseEnds;
    private readonly FrozenSet<string> wordSubjectFollowers;

    public VocabularyNet(EnglishVocabulary vocabulary, NetWordsFile words)
    {
        this.vocabulary = vocabulary;
        static FrozenSet<string> Set(IEnumerable<string> list) => list.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        titles = Set(words.Titles);
        roleTitles = Set(words.RoleTitles);
        determiners = Set(words.Determiners);
        notNames = Set(words.NotNames);
        organisationTypes = Set(words.OrganisationTypes);
        genericModifiers = Set(words.GenericModifiers);
        placeCues = Set(words.PlaceCues);
        placePrefixes = Set(words.PlacePrefixes);
        placeWords = Set(words.PlaceWords);
        personVerbs = Set(words.PersonVerbs);
        organisationPrefixes = Set(words.OrganisationPrefixes);
        denominations = Set(words.Denominations);
        kinWords = Set(words.KinWords.Concat(vocabulary.Lexicon.Relations));
        kinModifiers = Set(words.KinModifiers);
        clauseOpeners = Set(words.ClauseOpeners);
        companions = Set(words.Companions);
        tensedVerbs = Set(words.TensedVerbs);
        weakVerbs = Set(words.WeakVerbs);
        personalVerbs = Set(words.PersonalVerbs.Concat(words.PersonVerbs));
        estateWords = Set(words.EstateWords);
        residenceCues = Set(words.ResidenceCues);
        residencePhrases = Set(words.ResidencePhrases);
        notTowns = Set(words.NotTowns);
        phraseEnds = Set(words.PhraseEnds);
        wordSubjectFollowers = Set(words.WordSubjectFollowers);
    }

    public static VocabularyNet Shared => SharedInstance.Value;

    public EnglishVocabulary Vocabulary => vocabulary;

    private readonly record struct Word(int Start, int End, string Text, string Core)
    {
        public int CoreEnd => Start + Core.Length;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{N}_@#/.])[\p{L}\p{M}]+(?:['’.-][\p{L}\p{M}]+)*\.?(?:['’]s?)?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WordPattern();

    [GeneratedRegex(
        @"(?<!\[)\b(?:call(?:s|ed|ing)?(?:\s+(?:me|her|him|them|herself|himself|themself))?|nicknamed?|nick\s+name|goes\s+by|go\s+by|went\s+by|known\s+as|names?|named|tattoo(?:ed)?|jersey|shirt|says)\b[^""“”\n]{0,30}?[""“](?<id>[^""“”\n]{1,30})[""”]|[""“](?<id>[^""“”\n]{1,30})[""”]\s+(?:tattooed|inked|written|printed|on\s+(?:the\s+back|her|his|their))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex QuotedNickname();

    // "(the husband)", "(her stepdad, 40)", "(surname, the stepdad)", "(first name only)": an aside about a person or their name.
    [GeneratedRegex(@"^\s*\((?:(?:the|her|his|their|my|our|pt's|client's|kid's|mum's|mom's|dad's)\s+[\p{L}\d'’, /-]{2,30}|(?:sur|first\s+|last\s+|family\s+|given\s+|middle\s+|nick|pet\s+)name\b[\p{L}\d'’, /-]{0,30})\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RoleAside();

    /// <summary>Adds detections for the words in <paramref name="text"/> that no earlier detector covered.</summary>
    public void Detect(string text, bool[] covered, List<Detection> found)
    {
        foreach (Match quote in QuotedNickname().Matches(text))
        {
            var id = quote.Groups["id"];
            if (IsQuotedPhrase(id.Value))
            {
                continue;
            }

            foreach (Match word in WordPattern().Matches(id.Value))
            {
                var start = id.Index + word.Index;
                if (!IsCovered(covered, start, word.Length) && !notNames.Contains(word.Value))
                {
                    found.Add(new Detection(start, start + CoreOf(word.Value).Length, IdentifierKind.Name));
                }
            }
        }

        var words = new List<Word>();
        foreach (Match match in WordPattern().Matches(text))
        {
            words.Add(new Word(match.Index, match.Index + match.Length, match.Value, CoreOf(match.Value)));
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Core.Length == 0 || IsCovered(covered, word.Start, word.Core.Length))
            {
                continue;
            }

            if (Classify(text, words, i, covered, found) is not { } found1)
            {
                continue;
            }

            var (kind, last) = found1;
            var first = i;
            (kind, first, last) = Widen(text, words, kind, i, last, covered);

            var end = kind == IdentifierKind.Organisation ? words[last].End : words[last].CoreEnd;
            found.Add(new Detection(words[first].Start, end, kind));
            Array.Fill(covered, true, words[first].Start, end - words[first].Start);
            i = last;
        }

        AddCoordinatedNames(text, words, covered, found);
    }

    /// <summary>
    /// "for pip and [name]", "[name], bo and [name]": a word listed with a removed name, by "and", "&amp;" or a comma, is one
    /// more name when it could be one (a rare word, a name that is also a word, or no word at all). Twice, so that a list
    /// of three is taken whole whichever end was found first.
    /// </summary>
    private void AddCoordinatedNames(string text, List<Word> words, bool[] covered, List<Detection> found)
    {
        if (!found.Exists(d => d.Kind == IdentifierKind.Name))
        {
            return;
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var added = false;
            for (var i = 0; i < words.Count; i++)
            {
                var word = words[i];
                var core = word.Core.TrimEnd('.');
                if (core.Length < 2 || IsCovered(covered, word.Start, word.Core.Length) || IsPossessive(word))
                {
                    continue;
                }

                var nameAfter = i + 2 < words.Count && IsListJoin(text, word.End, words[i + 1]) && IsNameAt(found, words[i + 2].Start);
                var nameBefore = i >= 2 && IsListJoin(text, words[i - 2].CoreEnd, words[i - 1]) && IsNameAt(found, words[i - 2].Start)
                    && !(i + 1 < words.Count && Joined(text, word, words[i + 1]) && !notNames.Contains(words[i + 1].Core) && !personVerbs.Contains(words[i + 1].Core));
                var commaBefore = i >= 1 && text.AsSpan(words[i - 1].End, word.Start - words[i - 1].End).Trim(' ').SequenceEqual(",") && IsNameAt(found, words[i - 1].Start)
                    && i + 2 < words.Count && IsListJoin(text, word.End, words[i + 1]) && IsNameAt(found, words[i + 2].Start);
                if ((nameAfter || nameBefore || commaBefore) && CouldBeName(core))
                {
                    found.Add(new Detection(word.Start, word.CoreEnd, IdentifierKind.Name));
                    Array.Fill(covered, true, word.Start, word.Core.Length);
                    added = true;
                }
            }

            if (!added)
            {
                return;
            }
        }
    }

    /// <summary>"and" or "&amp;" between the end of one word and the start of the next: "pip and", "pip &amp;".</summary>
    private static bool IsListJoin(string text, int end, Word joiner) =>
        joiner.Core is "and" or "n" && text.AsSpan(end, joiner.Start - end).Trim(' ').IsEmpty;

    /// <summary>
    /// "he named it "angry and also kind of sad"", "she says "i just want to go home"": four or more everyday words in lower
    /// case are something said, not a nickname (those are a word or three: "lil bit", "the boss").
    /// </summary>
    private bool IsQuotedPhrase(string quoted)
    {
        var words = WordPattern().Matches(quoted);
        return words.Count >= 4 && words.All(w => CoreOf(w.Value) is { Length: > 0 } core && char.IsLower(core[0]) && vocabulary.IsOrdinaryLowerCase(core));
    }

    private static bool IsNameAt(List<Detection> found, int start) =>
        found.Exists(d => d.Kind == IdentifierKind.Name && d.Start <= start && start < d.End);

    /// <summary>
    /// A word that may be a name when a name position says so: not a function word, pronoun, relation or clinical word
    /// (unless it is a first name too, "ty"), not a verb form; a rare word, a name that is also a word, or no word at all.
    /// </summary>
    private bool CouldBeName(string core)
    {
        var firstName = vocabulary.Lexicon.FirstNames.Contains(core);
        if (IsPronoun(core) || determiners.Contains(core) || (notNames.Contains(core) && !firstName) || vocabulary.Lexicon.Relations.Contains(core)
            || kinWords.Contains(core) || kinWords.Contains(core[(core.LastIndexOf('-') + 1)..]) || (vocabulary.Clinical.Contains(core) && !firstName) || IsVerbLikeNotName(core) || vocabulary.Lexicon.Weekdays.Contains(core)
            || vocabulary.Lexicon.Months.Contains(core) || vocabulary.Lexicon.IsKeptPlace(core) || vocabulary.Lexicon.Titles.Contains(core) || titles.Contains(core))
        {
            return false;
        }

        return firstName || vocabulary.MostlyWords.Contains(core) || !vocabulary.Lexicon.IsCommon(core);
    }

    /// <summary>An "-ed", "-ing" or "-ly" word that is not a first name: "Lily", "Blessing", "Ahmed" are names, not verbs.</summary>
    private bool IsVerbLikeNotName(string word) => IsVerbLike(word) && !vocabulary.Lexicon.FirstNames.Contains(word);

    /// <summary>
    /// Name positions that make a word a name whatever else it is: "[word] and her koro", "[word] and his little brother"
    /// at the start of a clause or after "with"; "[word] (7)", an age in brackets; and, after "and" or a comma, a name that
    /// is also a word before a tensed verb and a verb only a person does ("... and chance has not stopped crying").
    /// </summary>
    private bool IsNamePosition(string text, List<Word> words, int i, bool clauseStart)
    {
        var word = words[i];
        var core = word.Core.TrimEnd('.');
        if (IsPossessive(word))
        {
            return false;
        }

        var previous = i > 0 && Joined(text, words[i - 1], word) ? words[i - 1].Core : null;
        var subject = clauseStart || (previous is not null && companions.Contains(previous));

        // "[word] and his mum"; "grace, her sister, was there": a kin appositive after a comma.
        var kin = subject && (KinFollows(text, words, i)
            || (i + 1 < words.Count && words[i + 1].Core is "his" or "her" or "their" && text.AsSpan(word.End, words[i + 1].Start - word.End).Trim(' ').SequenceEqual(",")
                && KinAt(text, words, i + 2)));
        var afterOpener = !clauseStart && previous is not null && clauseOpeners.Contains(previous);
        var commaBefore = i > 0 && text.AsSpan(words[i - 1].End, word.Start - words[i - 1].End).Contains(',');
        var personAfter = (afterOpener || commaBefore) && vocabulary.Lexicon.FirstNames.Contains(core) && i + 1 < words.Count && Joined(text, word, words[i + 1])
            && tensedVerbs.Contains(words[i + 1].Core) && PersonalVerbAhead(text, words, i + 1);
        return (kin || personAfter || IsAgeAsideAt(text, word.CoreEnd) || (subject && IsAgeAppositiveAt(text, word.CoreEnd))) && CouldBeName(core);
    }

    [GeneratedRegex(@"^,\s*\d{1,2}\s*(?:yo|y/o|yrs?|years?(?:\s+old)?)?\s*,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AgeAppositive();

    /// <summary>", 7," right after this position: a child's age between commas after their name ("hope, 7, hid").</summary>
    private static bool IsAgeAppositiveAt(string text, int at) =>
        at < text.Length && text[at] == ',' && AgeAppositive().IsMatch(text.AsSpan(at, Math.Min(text.Length - at, 20)));

    /// <summary>
    /// A verb only a person does within three words after the verb at <paramref name="verb"/>: "has not stopped sobbing";
    /// "has grown" has none.
    /// </summary>
    private bool PersonalVerbAhead(string text, List<Word> words, int verb)
    {
        for (var k = verb + 1; k < words.Count && k <= verb + 3 && Joined(text, words[k - 1], words[k]); k++)
        {
            if (personalVerbs.Contains(words[k].Core) && !weakVerbs.Contains(words[k].Core))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A kin word at <paramref name="k"/>, perhaps after one modifier: "mum", "foster carer", "little brother".</summary>
    private bool KinAt(string text, List<Word> words, int k)
    {
        if (k >= words.Count || (k > 0 && !Joined(text, words[k - 1], words[k]) && !text.AsSpan(words[k - 1].End, words[k].Start - words[k - 1].End).Trim(' ').SequenceEqual(",")))
        {
            return false;
        }

        if (kinModifiers.Contains(words[k].Core) && k + 1 < words.Count && Joined(text, words[k], words[k + 1]))
        {
            k++;
        }

        return kinWords.Contains(words[k].Core);
    }

    /// <summary>" and his mum", " and her little brother", " and their koro" after the word.</summary>
    private bool KinFollows(string text, List<Word> words, int i)
    {
        var k = i + 1;
        if (k + 2 >= words.Count || words[k].Core != "and" || !Joined(text, words[k - 1], words[k])
            || words[k + 1].Core is not ("his" or "her" or "their") || !Joined(text, words[k], words[k + 1]))
        {
            return false;
        }

        return Joined(text, words[k + 1], words[k + 2]) && KinAt(text, words, k + 2);
    }

    // "(7)", "(4 yo)", "(they/them, 15)", "(she/her)": a child's age or pronouns in brackets after their name.
    [GeneratedRegex(@"^\s*\(\s*(?:\d{1,2}\s*(?:yo|y/o|y\.o\.|yrs?|years?(?:\s+old)?|mo|mos|months?)?|(?:they|she|he|xe|ze|fae|ey)\s*/\s*\p{L}+(?:\s*/\s*\p{L}+)?(?:\s*,\s*\d{1,2}\s*(?:yo|y/o|yrs?)?)?)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AgeAside();

    /// <summary>" (7)", " (they/them, 15)" right after this position: a child's age or pronouns in brackets after their name.</summary>
    private static bool IsAgeAsideAt(string text, int at)
    {
        var k = at;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        return k < text.Length && text[k] == '(' && AgeAside().IsMatch(text.AsSpan(at, Math.Min(text.Length - at, 24)));
    }

    private (IdentifierKind Kind, int Last)? Classify(string text, List<Word> words, int i, bool[] covered, List<Detection> found)
    {
        var word = words[i];
        var core = word.Core.TrimEnd('.');
        var previous = i > 0 && Joined(text, words[i - 1], word) ? words[i - 1].Core.TrimEnd('.') : null;
        var beforePrevious = i > 1 && previous is not null && Joined(text, words[i - 2], words[i - 1]) ? words[i - 2].Core : null;
        var startsSentence = i == 0 || StartsSentence(text, words[i - 1], word);
        var next = i + 1 < words.Count && Joined(text, word, words[i + 1]) ? words[i + 1].Core : null;

        // The vocabularies are English: words in other scripts are left to the clinician's own list and the preview.
        if (core.Length == 0 || IsPronoun(core) || core.Any(c => c > '\u024F' && char.IsLetter(c)))
        {
            return null;
        }

        // "K.M.", "D.W.", and a single letter with a full stop before a lower-case word ("R. presented").
        if (IsInitials(word.Core) || (core.Length == 1 && word.Core.EndsWith('.') && NextIsLowerWord(text, word.End)))
        {
            return (IdentifierKind.Name, i);
        }

        if (IsRoleAsideAt(text, word.CoreEnd) && !notNames.Contains(core) && !vocabulary.Lexicon.Relations.Contains(core))
        {
            return (IdentifierKind.Name, i);
        }

        if (vocabulary.Theorists.Contains(core) && (previous is null || !titles.Contains(previous)) && AboutTheirWork(text, word.Start, word.CoreEnd))
        {
            return null;
        }

        if (previous is not null && !notNames.Contains(core))
        {
            // A title names the word after it, unless that word is a title too: "fr fr" is chat for "for real".
            if (titles.Contains(previous) && !titles.Contains(core) && !(beforePrevious is not null && titles.Contains(beforePrevious) && previous.Equals(beforePrevious, StringComparison.OrdinalIgnoreCase)))
            {
                return (IdentifierKind.Name, i);
            }

            // "BIG DAY" is a raised voice, not a nickname.
            var isRoleTitle = roleTitles.Contains(previous) && (beforePrevious is null || !determiners.Contains(beforePrevious))
                && !(IsShoutedWord(previous) && IsShoutedWord(core));
            if (isRoleTitle && (!vocabulary.Lexicon.IsCommon(core) || char.IsUpper(core[0])) && !vocabulary.Clinical.Contains(core) && !IsCovered(covered, words[i - 1].Start, 1))
            {
                return (IdentifierKind.Name, i);
            }

            // "her friend sky", "his uncle manny": after a person in the client's life, a name that is also a word.
            if ((vocabulary.Lexicon.Relations.Contains(previous) || roleTitles.Contains(previous)) && vocabulary.MostlyWords.Contains(core) && !IsVerbLikeNotName(core))
            {
                return (IdentifierKind.Name, i);
            }
        }

        // "her son will is 8": a name that is also a modal, after a relation, when a tensed verb shows it is the subject.
        if (previous is not null && notNames.Contains(core) && vocabulary.Lexicon.FirstNames.Contains(core) && next is not null && tensedVerbs.Contains(next)
            && (vocabulary.Lexicon.Relations.Contains(previous) || roleTitles.Contains(previous)))
        {
            return (IdentifierKind.Name, i);
        }

        // "will's mum", "chance's foster carer": a name that is also a word, before a kin word it owns.
        if (IsPossessive(word) && vocabulary.MostlyWords.Contains(core) && vocabulary.Lexicon.FirstNames.Contains(core) && KinAt(text, words, i + 1))
        {
            return (IdentifierKind.Name, i);
        }

        // "st. agatha's", "saint brendan's".
        if (previous is "st" or "St" or "saint" or "Saint" && !vocabulary.IsOrdinaryLowerCase(core))
        {
            return (IdentifierKind.Organisation, i);
        }

        if (EmployerAfterCue(text, words, i) is { } employerEnd)
        {
            return (IdentifierKind.Organisation, employerEnd);
        }

        if (OrganisationAhead(text, words, i) is { } organisationEnd)
        {
            return (IdentifierKind.Organisation, organisationEnd);
        }

        if (KnownPhraseAt(text, words, i) is { } phrase)
        {
            return phrase;
        }

        // Two or three capitals that are no known acronym: "TJ", "JR".
        if (core.Length is 2 or 3 && core.All(char.IsAsciiLetterUpper) && !vocabulary.IsOrdinary(core) && !vocabulary.Lexicon.IsKeptPlace(core))
        {
            return (IdentifierKind.Name, i);
        }

        if (core.Length == 1)
        {
            return null;
        }

        // "gran", "koro", "ouma": a kin word in any language is a word, not a name.
        if ((kinWords.Contains(core) || kinWords.Contains(core[(core.LastIndexOf('-') + 1)..])) && !vocabulary.IsUsuallyName(core))
        {
            return null;
        }

        // "dissosiation was high": a slip of the keys in a long clinical word is the word, wherever it stands.
        if (core.Length >= 8 && !vocabulary.IsOrdinary(core) && vocabulary.IsTypoOfClinicalWord(core))
        {
            return null;
        }

        // "sunny said", "Blessing told me": at the start of a sentence, a word that is rarely a subject, before a verb of a person.
        // "hope is what keeps her going": an everyday word before a verb any subject has is the word, unless a verb only a
        // person does follows ("grace was crying").
        var plainWordSubject = char.IsLower(core[0]) && next is not null && weakVerbs.Contains(next) && vocabulary.Lexicon.IsCommon(core)
            && i + 2 < words.Count && Joined(text, words[i + 1], words[i + 2]) && wordSubjectFollowers.Contains(words[i + 2].Core) && !PersonalVerbAhead(text, words, i + 1);
        if (startsSentence && next is not null && personalVerbs.Contains(next) && !plainWordSubject && !vocabulary.Lexicon.Relations.Contains(core) && !kinWords.Contains(core)
            && !determiners.Contains(core) && !notNames.Contains(core) && !vocabulary.Clinical.Contains(core)
            && (vocabulary.MostlyWords.Contains(core) || !vocabulary.Lexicon.IsCommon(core)) && !IsVerbLikeNotName(core))
        {
            return (IdentifierKind.Name, i);
        }

        var clauseStart = startsSentence || (i > 0 && text.AsSpan(words[i - 1].End, word.Start - words[i - 1].End).Contains(','));
        if (IsNamePosition(text, words, i, clauseStart))
        {
            return (IdentifierKind.Name, i);
        }

        if ((TownAfterAddress(text, words, i, found) ?? TownAfterResidence(text, words, i)) is { } town)
        {
            return town;
        }

        // "pt's mum", "fc's partner": shorthand for a role before a relation is no name.
        if (startsSentence && IsPossessive(word) && next is not null && vocabulary.Lexicon.PossessedRelations.Contains(next) && !vocabulary.Lexicon.IsCommon(core)
            && !(vocabulary.Clinical.Contains(core) && !vocabulary.Lexicon.FirstNames.Contains(core)))
        {
            return (IdentifierKind.Name, i);
        }

        // A surname that is also an everyday word, in capitals with no title before it, is a raised voice: "BIG DAY".
        if (vocabulary.IsUsuallyName(core) && !(IsShoutedWord(core) && !vocabulary.Lexicon.FirstNames.Contains(core)))
        {
            return (IdentifierKind.Name, i);
        }

        // A word that is also a given name ("aroha", "lil") is a word in lower case where nothing marks a name position.
        if (vocabulary.IsOrdinary(core) || vocabulary.Lexicon.IsKeptPlace(core) || (char.IsLower(core[0]) && vocabulary.MostlyWords.Contains(core)))
        {
            return PlaceWithSuffix(text, words, i, previous);
        }

        if (vocabulary.IsTypoOfCommonWord(core) || vocabulary.IsTypoOfClinicalWord(core))
        {
            return null;
        }

        return (previous is not null && placeCues.Contains(previous) ? IdentifierKind.Place : IdentifierKind.Name, i);
    }

    /// <summary>
    /// "moved to cedar falls", "in harlow springs": ordinary words before a place word, after a place cue; and after "in the",
    /// "at the", rare words before a word for an estate or a suburb ("in the wren heights estate"), not "in the car park".
    /// </summary>
    private (IdentifierKind, int)? PlaceWithSuffix(string text, List<Word> words, int i, string? previous)
    {
        if (previous is "the" && i > 1 && Joined(text, words[i - 2], words[i - 1]) && placeCues.Contains(words[i - 2].Core))
        {
            return EstateAfterThe(text, words, i);
        }

        if (previous is null || !placeCues.Contains(previous) || determiners.Contains(words[i].Core) || notNames.Contains(words[i].Core))
        {
            return null;
        }

        for (var k = i + 1; k < words.Count && k <= i + 2 && Joined(text, words[k - 1], words[k]); k++)
        {
            if (vocabulary.Lexicon.PlaceSuffixes.Contains(words[k].Core) || placeWords.Contains(words[k].Core))
            {
                return (IdentifierKind.Place, k);
            }

            if (notNames.Contains(words[k].Core) || determiners.Contains(words[k].Core))
            {
                return null;
            }
        }

        return null;
    }

    private (IdentifierKind, int)? EstateAfterThe(string text, List<Word> words, int i)
    {
        for (var k = i; k < words.Count && k <= i + 2; k++)
        {
            if (k > i && !Joined(text, words[k - 1], words[k]))
            {
                return null;
            }

            var core = words[k].Core;
            if (k > i && estateWords.Contains(core))
            {
                return (IdentifierKind.Place, k);
            }

            if (vocabulary.Lexicon.IsCommon(core) || genericModifiers.Contains(core) || vocabulary.Clinical.Contains(core) || notNames.Contains(core) || IsVerbLike(core))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// "[address] in observatory", "[address] in green point": the words after a street address and "in" name its town or
    /// suburb, whatever words they are (not a function word, a determiner or a clinical word; not a common word either).
    /// </summary>
    private (IdentifierKind, int)? TownAfterAddress(string text, List<Word> words, int i, List<Detection> found)
    {
        if (i < 2 || words[i - 1].Core is not "in" || !Joined(text, words[i - 1], words[i]) || IsPossessive(words[i])
            || !found.Exists(d => d.Kind == IdentifierKind.Place && d.End <= words[i - 1].Start && words[i - 1].Start - d.End <= 2))
        {
            return null;
        }

        bool IsTownWord(string core) => !determiners.Contains(core) && !notNames.Contains(core) && !IsPronoun(core) && !vocabulary.Clinical.Contains(core)
            && !vocabulary.Lexicon.IsCommon(core) && !IsVerbLike(core) && !vocabulary.Lexicon.IsKeptPlace(core);
        if (!IsTownWord(words[i].Core.TrimEnd('.')))
        {
            return null;
        }

        var last = i + 1 < words.Count && Joined(text, words[i], words[i + 1]) && !IsPossessive(words[i]) && IsTownWord(words[i + 1].Core) ? i + 1 : i;
        return (IdentifierKind.Place, last);
    }

    /// <summary>
    /// "lives in observatory", "moved to sandringham", "came from moose jaw", "up at cherry creek": after a verb of living or
    /// moving and its preposition, one or two rarer English words (no common word, no clinical word, no name that is also a
    /// word, not an "-ing", "-ness", "-tion" word) that end the phrase name a town or suburb. Idioms ("living in denial",
    /// "in limbo") are listed and stay.
    /// </summary>
    private (IdentifierKind, int)? TownAfterResidence(string text, List<Word> words, int i)
    {
        if (i < 2 || !Joined(text, words[i - 1], words[i]) || !Joined(text, words[i - 2], words[i - 1])
            || !residencePhrases.Contains(words[i - 2].Core + " " + words[i - 1].Core))
        {
            return null;
        }

        bool IsTownWord(Word w)
        {
            var core = w.Core.TrimEnd('.');
            return core.Length >= 3 && core.All(char.IsLetter) && !IsPossessive(w) && !vocabulary.Lexicon.IsCommon(core) && !vocabulary.Clinical.Contains(core)
                && !vocabulary.MostlyWords.Contains(core) && !notTowns.Contains(core) && !determiners.Contains(core) && !notNames.Contains(core)
                && !AbstractEndings.Any(e => core.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !vocabulary.Lexicon.IsKeptPlace(core);
        }

        if (!IsTownWord(words[i]))
        {
            return null;
        }

        var last = i + 1 < words.Count && Joined(text, words[i], words[i + 1]) && IsTownWord(words[i + 1]) ? i + 1 : i;
        var endsPhrase = last + 1 == words.Count || !Joined(text, words[last], words[last + 1]) || phraseEnds.Contains(words[last + 1].Core);
        return endsPhrase ? (IdentifierKind.Place, last) : null;
    }

    // Endings of abstract nouns and verb forms, which name states, not towns: "living in isolation", "moved to fostering".
    private static readonly string[] AbstractEndings = ["ing", "ed", "ly", "ness", "tion", "sion", "ment", "ity", "ism", "ance", "ence", "ship", "hood", "ful", "less", "ous", "ive", "ics"];

    /// <summary>
    /// The words beside a removal that belong to it: place words ("glen ellyn", "pueblo west"), organisation words
    /// ("camp [name]", "[name] missionary baptist"), and the one word before an organisation after "at the" ("bright path recovery").
    /// </summary>
    private (IdentifierKind Kind, int First, int Last) Widen(string text, List<Word> words, IdentifierKind kind, int first, int last, bool[] covered)
    {
        bool Free(int k) => k >= 0 && k < words.Count && !IsCovered(covered, words[k].Start, 1);
        bool JoinedAt(int k) => k > 0 && k < words.Count && Joined(text, words[k - 1], words[k]);
        var before = first > 0 && JoinedAt(first) && Free(first - 1) ? words[first - 1].Core : null;
        var cueBeforeThat = first > 1 && JoinedAt(first - 1) && placeCues.Contains(words[first - 2].Core);

        if (before is not null && organisationPrefixes.Contains(before) && kind != IdentifierKind.Organisation)
        {
            kind = IdentifierKind.Organisation;
            first--;
        }
        else if (before is not null && placePrefixes.Contains(before) && (kind == IdentifierKind.Place || cueBeforeThat))
        {
            kind = IdentifierKind.Place;
            first--;
        }
        else if (before is not null && kind == IdentifierKind.Organisation && first > 1 && JoinedAt(first - 1)
            && (determiners.Contains(words[first - 2].Core) || placeCues.Contains(words[first - 2].Core))
            && !notNames.Contains(before) && !vocabulary.Clinical.Contains(before) && !IsVerbLike(before) && !vocabulary.Lexicon.Relations.Contains(before)
            && (!determiners.Contains(before) || before is "new" or "old"))
        {
            first--;
        }

        if (last + 1 < words.Count && JoinedAt(last + 1) && Free(last + 1))
        {
            var after = words[last + 1].Core;
            if (kind == IdentifierKind.Place && (vocabulary.Lexicon.PlaceSuffixes.Contains(after) || placeWords.Contains(after)))
            {
                last++;
            }
            else if (kind == IdentifierKind.Name && estateWords.Contains(after))
            {
                // "[name] heights estate": a name before an estate or suburb word is the estate's name.
                kind = IdentifierKind.Place;
                last++;
                while (last + 1 < words.Count && JoinedAt(last + 1) && Free(last + 1) && (vocabulary.Lexicon.PlaceSuffixes.Contains(words[last + 1].Core) || estateWords.Contains(words[last + 1].Core)))
                {
                    last++;
                }
            }
            else if (kind != IdentifierKind.Date && (denominations.Contains(after)
                || (organisationTypes.Contains(after) && (kind == IdentifierKind.Place || (kind == IdentifierKind.Name && !genericModifiers.Contains(after))))))
            {
                kind = IdentifierKind.Organisation;
                last++;
                while (last + 1 < words.Count && JoinedAt(last + 1) && Free(last + 1) && (denominations.Contains(words[last + 1].Core) || organisationTypes.Contains(words[last + 1].Core)))
                {
                    last++;
                }
            }
        }

        return (kind, first, last);
    }

    /// <summary>A city or employer from the lexicon written in lower case: "salvation army", "san diego".</summary>
    private (IdentifierKind, int)? KnownPhraseAt(string text, List<Word> words, int i)
    {
        foreach (var phrase in vocabulary.Lexicon.PhrasesStartingWith(words[i].Core))
        {
            if (phrase.Category is not (PhraseCategory.Place or PhraseCategory.Organisation)
                || !(phrase.Text.Contains(' ', StringComparison.Ordinal) || IsTownInLowerCase(text, words, i, phrase))
                || !text.AsSpan(words[i].Start).StartsWith(phrase.Text, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var end = words[i].Start + phrase.Text.Length;
            var last = i;
            while (last + 1 < words.Count && words[last + 1].Start < end)
            {
                last++;
            }

            return (phrase.Category == PhraseCategory.Place ? IdentifierKind.Place : IdentifierKind.Organisation, last);
        }

        return null;
    }

    /// <summary>
    /// "works at target", "a job at pick n pay", "shifts at the spar": after an employer cue, a known employer of one word in
    /// lower case, or words joined by "n" ("grab n go"), name an organisation.
    /// </summary>
    private int? EmployerAfterCue(string text, List<Word> words, int i)
    {
        var k = i;
        if (k > 0 && words[k - 1].Core == "the" && Joined(text, words[k - 1], words[k]))
        {
            k--;
        }

        if (k < 2 || words[k - 1].Core is not ("at" or "for" or "by") || !Joined(text, words[k - 2], words[k - 1]) || !Joined(text, words[k - 1], words[k])
            || !vocabulary.Lexicon.EmployerCues.Contains(words[k - 2].Core + " " + words[k - 1].Core))
        {
            return null;
        }

        var core = words[i].Core;
        if (determiners.Contains(core) || notNames.Contains(core) || IsPronoun(core))
        {
            return null;
        }

        if (i + 2 < words.Count && words[i + 1].Core is "n" or "'n'" && Joined(text, words[i], words[i + 1]) && Joined(text, words[i + 1], words[i + 2]))
        {
            return i + 2;
        }

        return vocabulary.Lexicon.PhrasesStartingWith(core).Any(p => p.Category == PhraseCategory.Organisation && p.Text.Equals(core, StringComparison.OrdinalIgnoreCase))
            ? i
            : null;
    }

    /// <summary>
    /// A town of one word from the lexicon in lower case ("kirkcaldy", "limerick"): taken when it is no common word, no
    /// name that is also a word and no clinical word; when it is an English word as well ("limerick"), only after a place
    /// cue or a verb of living or leaving ("in", "from", "left", "moved to").
    /// </summary>
    private bool IsTownInLowerCase(string text, List<Word> words, int i, KnownPhrase phrase)
    {
        var core = words[i].Core;
        if (phrase.Category != PhraseCategory.Place || !string.Equals(phrase.Text, core, StringComparison.OrdinalIgnoreCase) || vocabulary.Lexicon.IsCommon(core)
            || vocabulary.MostlyWords.Contains(core) || vocabulary.Lexicon.FirstNames.Contains(core) || vocabulary.Clinical.Contains(core))
        {
            return false;
        }

        if (!vocabulary.IsOrdinary(core))
        {
            return true;
        }

        var previous = i > 0 && Joined(text, words[i - 1], words[i]) ? words[i - 1].Core : null;
        return previous is not null && (placeCues.Contains(previous) || residenceCues.Contains(previous));
    }

    /// <summary>
    /// Where a lower-case organisation that begins at this word ends: ordinary words up to an organisation type, the first
    /// of them not a generic modifier nor an everyday verb ("rosewood elementary", "harbor light shelter"; not "the
    /// foster home", "built a house").
    /// </summary>
    /// <summary>Capitalised words inside a sentence and names that are also words: what a clinician may want to take out too.</summary>
    public IEnumerable<string> WordsToReview(string text)
    {
        Word? previous = null;
        foreach (Match match in WordPattern().Matches(text))
        {
            var word = new Word(match.Index, match.Index + match.Length, match.Value, CoreOf(match.Value).TrimEnd('.'));
            var midSentence = previous is { } p && !StartsSentence(text, p, word);
            previous = word;
            if (word.Core.Length < 2 || IsPronoun(word.Core) || vocabulary.Clinical.Contains(word.Core) || vocabulary.Lexicon.Weekdays.Contains(word.Core))
            {
                continue;
            }

            if ((midSentence && char.IsUpper(word.Core[0]) && !vocabulary.Lexicon.Allowed.Contains(word.Core)) || (vocabulary.MostlyWords.Contains(word.Core) && vocabulary.Lexicon.FirstNames.Contains(word.Core) && !vocabulary.Lexicon.IsCommon(word.Core)))
            {
                yield return word.Core;
            }
        }
    }

    /// <summary>
    /// The proper-noun detector's capitals are not names when every word is clinical vocabulary ("Protector", "Ventral
    /// Vagal", "PACE") or a theorist spoken of as one ("Perry's sequence"), unless a title or relation cue stands before.
    /// </summary>
    public bool IsClinicalTerm(string text, Detection detection)
    {
        if (detection.Kind is not (IdentifierKind.Name or IdentifierKind.Place or IdentifierKind.Organisation))
        {
            return false;
        }

        var span = WordPattern().Matches(text[detection.Start..detection.End]).Select(m => CoreOf(m.Value).TrimEnd('.')).ToList();
        var after = WordAfter(text, detection.End);
        var aboutTheirWork = AboutTheirWork(text, detection.Start, detection.End);
        if (span.Count == 0 || span.Any(w => vocabulary.IsUsuallyName(w) && !(aboutTheirWork && vocabulary.Theorists.Contains(w))))
        {
            return false;
        }

        // "mum's Exile" is a part of mum, not a person named after her: a possessive before is no name cue.
        var before = PreviousWord(text, detection.Start) is { } previousWord && !IsPossessive(previousWord) ? previousWord.Core.TrimEnd('.').ToLowerInvariant() : null;
        if (before is not null && (titles.Contains(before) || roleTitles.Contains(before) || vocabulary.Lexicon.Titles.Contains(before)
            || vocabulary.Lexicon.Relations.Contains(before) || vocabulary.Lexicon.NameCues.Contains(before)))
        {
            return false;
        }

        return span.All(w => vocabulary.Clinical.Contains(w) || (vocabulary.Theorists.Contains(w) && aboutTheirWork))
            || NamesATool(text, detection, span, after);
    }

    /// <summary>
    /// Capitals that spell ordinary words are a raised voice, not an acronym ("SO TIRED", "maybe that IS the work",
    /// "PRACTICE components"), unless they are names or stand where an organisation's acronym would ("with TACT",
    /// "at the SHINE").
    /// </summary>
    public bool IsShouted(string text, Detection detection)
    {
        if (detection.Kind is not (IdentifierKind.Name or IdentifierKind.Place or IdentifierKind.Organisation))
        {
            return false;
        }

        var span = WordPattern().Matches(text[detection.Start..detection.End]).Select(m => CoreOf(m.Value).TrimEnd('.')).ToList();
        var shouted = span.Count > 0 && span.All(w => IsShoutedWord(w) && !vocabulary.Lexicon.FirstNames.Contains(w));
        return shouted && WordBefore(text, detection.Start) is not ("at" or "with" or "from" or "via" or "the");
    }

    private bool IsShoutedWord(string word) =>
        word.Length >= 2 && word.All(c => !char.IsLetter(c) || char.IsUpper(c)) && (vocabulary.IsOrdinary(word) || vocabulary.Lexicon.IsCommon(word));

    /// <summary>
    /// "the Feelings Thermometer", "Difficulties Questionnaire", "Dynamic Maturational Model": capitalised ordinary words
    /// that end in a tool word, or stand right before one that does not itself begin an organisation ("Model", not
    /// "Assessment Centre"), name a tool or a measure.
    /// </summary>
    private bool NamesATool(string text, Detection detection, List<string> span, string? after)
    {
        var endsInTool = vocabulary.ToolWords.Contains(span[^1]);
        if (!endsInTool && after is not null && vocabulary.ToolWords.Contains(after))
        {
            var afterWord = NextWord(text, detection.End);
            var thenWord = afterWord is { } a ? NextWord(text, a.End)?.Core : null;
            endsInTool = thenWord is null || !organisationTypes.Contains(thenWord);
        }

        return endsInTool && span.All(w => vocabulary.Clinical.Contains(w) || vocabulary.ToolWords.Contains(w) || vocabulary.Lexicon.Connectors.Contains(w)
            || (vocabulary.IsOrdinaryLowerCase(w) && !vocabulary.IsUsuallyName(w) && !vocabulary.Lexicon.FirstNames.Contains(w)));
    }

    /// <summary>"Lower Marsham", "Holy Redeemer", "Red Hawk Community Lodge": capitalised words beside a removed one belong to it.</summary>
    public Detection WithCapitalisedNeighbours(string text, Detection detection, bool[] covered)
    {
        if (detection.Kind is not (IdentifierKind.Name or IdentifierKind.Place or IdentifierKind.Organisation))
        {
            return detection;
        }

        var (start, end) = (detection.Start, detection.End);
        for (var guard = 0; guard < 4 && PreviousWord(text, start) is { } w && IsNeighbour(text, w, covered, left: true); guard++)
        {
            start = w.Start;
        }

        if (detection.Kind == IdentifierKind.Name && PreviousWord(text, start) is { } nickname && char.IsUpper(nickname.Core[0])
            && vocabulary.Lexicon.NicknameWords.Contains(nickname.Core) && !IsCovered(covered, nickname.Start, nickname.End - nickname.Start))
        {
            start = nickname.Start;
        }

        for (var guard = 0; guard < 4 && NextWord(text, end) is { } w && IsNeighbour(text, w, covered, left: false); guard++)
        {
            end = w.End;
        }

        return detection with { Start = start, End = end, Anchor = Math.Min(start, detection.Anchor) };
    }

    private bool IsNeighbour(string text, Word word, bool[] covered, bool left)
    {
        var core = word.Core.TrimEnd('.');

        // "Manchester YOS", "Leeds MASH": a local service's acronym after its place belongs to the removal.
        var serviceAfter = !left && core.Length >= 2 && core.All(char.IsUpper) && !vocabulary.Lexicon.Allowed.Contains(core);
        if (core.Length < 2 || !char.IsUpper(core[0]) || IsCovered(covered, word.Start, word.End - word.Start) || IsPronoun(core)
            || vocabulary.Lexicon.Weekdays.Contains(core) || vocabulary.Lexicon.Months.Contains(core) || (vocabulary.Clinical.Contains(core) && !serviceAfter)
            || vocabulary.Lexicon.Titles.Contains(core) || vocabulary.Lexicon.IsKeptPlace(core) && !vocabulary.Lexicon.Descriptors.Contains(core))
        {
            return false;
        }

        if (left)
        {
            var before = PreviousWord(text, word.Start);
            var sentenceStart = before is null || StartsSentence(text, before.Value, word);
            return !sentenceStart && !vocabulary.Lexicon.Allowed.Contains(core);
        }

        return !vocabulary.Lexicon.Allowed.Contains(core) || vocabulary.Lexicon.Descriptors.Contains(core);
    }

    private static Word? PreviousWord(string text, int start)
    {
        var k = start;
        while (k > 0 && text[k - 1] == ' ')
        {
            k--;
        }

        if (start - k != 1)
        {
            return null;
        }

        var e = k;
        while (k > 0 && (char.IsLetter(text[k - 1]) || text[k - 1] is '\'' or '’' or '.' or '-'))
        {
            k--;
        }

        return k < e ? new Word(k, e, text[k..e], CoreOf(text[k..e])) : null;
    }

    private static Word? NextWord(string text, int end)
    {
        if (end + 1 >= text.Length || text[end] != ' ' || !char.IsLetter(text[end + 1]))
        {
            return null;
        }

        var k = end + 1;
        while (k < text.Length && (char.IsLetter(text[k]) || text[k] is '\'' or '’' or '-'))
        {
            k++;
        }

        return new Word(end + 1, k, text[(end + 1)..k], CoreOf(text[(end + 1)..k]));
    }

    private static string? WordBefore(string text, int start) => PreviousWord(text, start)?.Core.TrimEnd('.').ToLowerInvariant();

    private static string? WordAfter(string text, int end)
    {
        var k = end;
        if (k + 1 < text.Length && text[k] is '\'' or '’' && text[k + 1] == 's')
        {
            k += 2;
        }

        return NextWord(text, k)?.Core;
    }

    private int? OrganisationAhead(string text, List<Word> words, int i)
    {
        var first = words[i].Core;
        var possessiveBeforeType = IsPossessive(words[i]) && i + 1 < words.Count && organisationTypes.Contains(words[i + 1].Core) && Joined(text, words[i], words[i + 1]);
        // "the academy trust", "school club": an organisation type first is a kind of place, not the name of one.
        if (genericModifiers.Contains(first) || organisationTypes.Contains(first) || notNames.Contains(first) || determiners.Contains(first) || IsVerbLike(first) || (IsPossessive(words[i]) && !possessiveBeforeType)
            || (vocabulary.Lexicon.IsCommon(first) && !vocabulary.MostlyWords.Contains(first) && !char.IsUpper(first[0]))
            || vocabulary.Clinical.Contains(first) || vocabulary.Lexicon.Relations.Contains(first))
        {
            return null;
        }

        int? end = null;
        for (var k = i + 1; k < words.Count && k <= i + 4; k++)
        {
            if (!Joined(text, words[k - 1], words[k]) || (IsPossessive(words[k - 1]) && k - 1 != i) || (possessiveBeforeType && k > i + 1 && end is null))
            {
                break;
            }

            var core = words[k].Core;
            if (organisationTypes.Contains(core))
            {
                end = k;
                continue;
            }

            if (end is not null || notNames.Contains(core) || determiners.Contains(core) || !(genericModifiers.Contains(core) || vocabulary.IsOrdinary(core)))
            {
                break;
            }
        }

        return end;
    }

    /// <summary>
    /// A theorist's surname alone speaks of their work when a theory cue follows it ("Hughes describe"), a word for their
    /// work comes within the next three ("Perry's neurosequential model"), "on" and a clinical word follow ("Hesse on
    /// unresolved states"), or it is listed with another theorist ("Levine and Ogden", "Baylin and Hughes").
    /// </summary>
    private bool AboutTheirWork(string text, int start, int end)
    {
        var k = end;
        if (k + 1 < text.Length && text[k] is '\'' or '’' && text[k + 1] == 's')
        {
            k += 2;
        }

        var next = NextWord(text, k);
        if (next is { Core: "on" } onWord && NextWord(text, onWord.End) is { } topic && ((vocabulary.Clinical.Contains(topic.Core) && !vocabulary.Lexicon.IsCommon(topic.Core) && !vocabulary.Lexicon.Relations.Contains(topic.Core)) || vocabulary.WorkWords.Contains(topic.Core)))
        {
            return true;
        }

        if (next is { } first && vocabulary.TheoryCues.Contains(first.Core))
        {
            return true;
        }

        var n = 0;
        for (var w = next; w is { } word && n < 3; w = NextWord(text, word.End), n++)
        {
            if (vocabulary.WorkWords.Contains(word.Core))
            {
                return true;
            }
        }

        return PreviousWord(text, start) is { Core: "and" or "&" } joiner && PreviousWord(text, joiner.Start) is { } other && IsTheorist(other.Core.TrimEnd('.'));
    }

    private bool IsTheorist(string word) =>
        vocabulary.Theorists.Contains(word) || (char.IsUpper(word[0]) && vocabulary.Clinical.Contains(word) && !vocabulary.Lexicon.IsCommon(word));

    private static bool IsPossessive(Word word) => word.Core.Length < word.Text.Length && word.Text.EndsWith('s');

    private static bool IsVerbLike(string word) =>
        word.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ing", StringComparison.OrdinalIgnoreCase) || word.EndsWith("ly", StringComparison.OrdinalIgnoreCase);

    private static bool IsPronoun(string core) => core is "i" or "I" or "a" or "A" or "u" or "U";

    /// <summary>" (the husband)" right after this position; cheap to rule out before the pattern runs.</summary>
    private static bool IsRoleAsideAt(string text, int at)
    {
        var k = at;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        return k < text.Length && text[k] == '(' && RoleAside().IsMatch(text.AsSpan(at, Math.Min(text.Length - at, 40)));
    }

    /// <summary>"K.M.", "D.W.", "a.b.c.": two or three letters, each with a full stop.</summary>
    private static bool IsInitials(string word)
    {
        if (word.Length is < 4 or > 6 || word.Length % 2 != 0)
        {
            return false;
        }

        for (var k = 0; k < word.Length; k += 2)
        {
            if (!char.IsLetter(word[k]) || word[k + 1] != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool NextIsLowerWord(string text, int end)
    {
        var k = end;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        return k > end && k < text.Length && char.IsLower(text[k]);
    }

    private static readonly System.Buffers.SearchValues<char> SentenceBreaks = System.Buffers.SearchValues.Create(".!?\n:;\"“(");

    private static bool StartsSentence(string text, Word previous, Word word)
    {
        var gap = text.AsSpan(previous.End, word.Start - previous.End);
        return gap.ContainsAny(SentenceBreaks) || (previous.Text.EndsWith('.') && previous.Core.Length > 2);
    }

    private static bool Joined(string text, Word a, Word b)
    {
        var gap = text.AsSpan(a.End, b.Start - a.End);
        return gap.Length <= 2 && gap.Trim(" .,").IsEmpty && !gap.Contains(',');
    }

    private static bool IsCovered(bool[] covered, int start, int length) => Array.IndexOf(covered, true, start, length) >= 0;

    private static string CoreOf(string word)
    {
        if (word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word.EndsWith('\'') || word.EndsWith('’') ? word[..^1] : word;
    }
}
