using System.Text.RegularExpressions;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Finds names of people, places and organisations by combining signals over the words of the text, and errs
/// towards removing:
/// <list type="bullet">
/// <item>known phrases: cities and employers (removed), states and countries (kept), holidays (dates);</item>
/// <item>cues that make the next word a name whatever it is: a title ("Dr. Patel"), a person in the client's life
/// ("my client Jordan", "her son luis"), "named X", "X's mother";</item>
/// <item>capitalised sequences ending in an organisation, street or place word ("Lincoln Elementary School",
/// "Birch Lane", "Cook County") or starting like one ("University of …", "St. Jude's");</item>
/// <item>single capitalised words: known first names and surnames, and any capitalised word that is not an
/// everyday word, not an allowed clinical term and not at the start of a sentence; at a sentence start, a
/// word that is neither common nor shaped like an English word;</item>
/// <item>a word removed once is removed wherever it appears.</item>
/// </list>
/// Words inside <paramref name="masked"/> regions (structured identifiers, existing tags) are left alone.
/// </summary>
internal sealed partial class ProperNounDetector(DeidentificationLexicon lexicon)
{
    private enum Label
    {
        None,
        Keep,
        Name,
        Place,
        Organisation,
        Date,
    }

    private sealed class Token
    {
        public required int Start { get; init; }
        public required int End { get; init; }
        public required string Text { get; init; }

        /// <summary>The word without a possessive ending: "Jude" in "Jude's".</summary>
        public required string Core { get; init; }
        public required bool Masked { get; init; }
        public int CoreEnd => Start + Core.Length;
        public bool Possessive => Core.Length < Text.Length;
        public bool IsCapitalised => char.IsUpper(Core[0]);
        public bool IsAllCaps => Core.Length >= 2 && Core.All(c => !char.IsLetter(c) || char.IsUpper(c));
        public bool SentenceStart { get; set; }
        public Label Label { get; set; }
        public bool Forced { get; set; }
        public bool InRule { get; set; }
    }

    public void Detect(string text, IReadOnlyList<bool> masked, List<Detection> found)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(masked);
        var tokens = Tokenize(text, masked);
        if (tokens.Count == 0)
        {
            return;
        }

        MarkSentenceStarts(text, tokens);
        MarkKnownPhrases(text, tokens);
        MarkCues(text, tokens);
        foreach (var run in Runs(text, tokens))
        {
            ClassifyRun(text, tokens, run);
        }

        MarkCityBeforeState(text, tokens);
        Propagate(tokens);
        Emit(text, tokens, found);
    }

    // ---- Words ----

    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{N}_])[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*(?:-[\p{L}\p{M}]+)*['’]?", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Word();

    private static List<Token> Tokenize(string text, IReadOnlyList<bool> masked)
    {
        var tokens = new List<Token>();
        foreach (Match match in Word().Matches(text))
        {
            var word = match.Value;
            var core = word;
            if (core.EndsWith("'s", StringComparison.Ordinal) || core.EndsWith("’s", StringComparison.Ordinal))
            {
                core = core[..^2];
            }
            else if (core.EndsWith('\'') || core.EndsWith('’'))
            {
                core = core[..^1];
            }

            if (core.Length == 0)
            {
                continue;
            }

            var isMasked = false;
            for (var i = match.Index; i < match.Index + match.Length && !isMasked; i++)
            {
                isMasked = masked[i];
            }

            tokens.Add(new Token { Start = match.Index, End = match.Index + match.Length, Text = word, Core = core, Masked = isMasked });
        }

        return tokens;
    }

    private static ReadOnlySpan<char> Gap(string text, List<Token> tokens, int i) =>
        i == 0 ? text.AsSpan(0, tokens[0].Start) : text.AsSpan(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End);

    private void MarkSentenceStarts(string text, List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            tokens[i].SentenceStart = i == 0 || StartsSentence(Gap(text, tokens, i), tokens[i - 1]);
        }
    }

    private bool StartsSentence(ReadOnlySpan<char> gap, Token previous)
    {
        if (gap.Contains('\n') || gap.ContainsAny(':', '“', '‘'))
        {
            return true;
        }

        var stop = gap.IndexOfAny(".!?…");
        if (stop >= 0 && gap[stop..].ContainsAny(' ', '\t', '\r'))
        {
            // "Dr. Patel", "J. Smith", "St. Jude": the full stop of an abbreviation or an initial ends nothing.
            return !(stop == 0 && gap[0] == '.' && (previous.Core.Length == 1 || lexicon.Abbreviations.Contains(previous.Core) || lexicon.Titles.Contains(previous.Core)));
        }

        // An opening straight quote: "she said "Go away"".
        var quote = gap.IndexOf('"');
        return quote > 0 && char.IsWhiteSpace(gap[quote - 1]);
    }

    /// <summary>Two words are part of one name when only a space (or the full stop of an initial or title) separates them.</summary>
    private bool Joined(string text, List<Token> tokens, int i)
    {
        var gap = Gap(text, tokens, i);
        if (gap.Length is 0 or > 3 || gap.ContainsAny('\n', '\r'))
        {
            return false;
        }

        if (gap.Trim(" \t").IsEmpty || gap.Trim(" \t").SequenceEqual("&"))
        {
            return true;
        }

        var previous = tokens[i - 1];
        return gap[0] == '.' && gap[1..].Trim(" \t").IsEmpty && gap.Length > 1
            && (previous.Core.Length == 1 || lexicon.Abbreviations.Contains(previous.Core) || lexicon.Titles.Contains(previous.Core));
    }

    private static bool IsPronounI(Token token) =>
        token.Core is "I" or "I'm" or "I’m" or "I've" or "I’ve" or "I'd" or "I’d" or "I'll" or "I’ll";

    private bool IsKeepWord(Token token) =>
        IsPronounI(token) || lexicon.Weekdays.Contains(token.Core) || lexicon.Months.Contains(token.Core) || lexicon.Allowed.Contains(token.Core)
        || lexicon.Allowed.Contains(token.Text);

    private bool IsFirstName(Token token) => lexicon.FirstNames.Contains(token.Core);

    // ---- Known phrases ----

    private void MarkKnownPhrases(string text, List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Masked || !token.IsCapitalised)
            {
                continue;
            }

            foreach (var phrase in lexicon.PhrasesStartingWith(token.Text).Concat(lexicon.PhrasesStartingWith(token.Core)))
            {
                var comparison = phrase.MatchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                var end = token.Start + phrase.Text.Length;
                if (!text.AsSpan(token.Start).StartsWith(phrase.Text, comparison) || (end < text.Length && char.IsLetterOrDigit(text[end])))
                {
                    continue;
                }

                var last = i;
                while (last + 1 < tokens.Count && tokens[last + 1].Start < end)
                {
                    last++;
                }

                if (last == i && !ShouldTrustSingleWordPhrase(text, tokens, i, phrase))
                {
                    break;
                }

                var label = phrase.Category switch
                {
                    PhraseCategory.Place => Label.Place,
                    PhraseCategory.Organisation => Label.Organisation,
                    PhraseCategory.Date => Label.Date,
                    _ => Label.Keep,
                };
                for (var k = i; k <= last; k++)
                {
                    tokens[k].Label = label;
                }

                i = last;
                break;
            }
        }
    }

    private bool ShouldTrustSingleWordPhrase(string text, List<Token> tokens, int i, KnownPhrase phrase)
    {
        // First names beat states and countries ("Georgia", "Jordan"); at a sentence start an everyday word
        // ("Target", "Providence") is more likely the word.
        var token = tokens[i];
        if (phrase.Category == PhraseCategory.Keep && IsFirstName(token) && !phrase.MatchCase)
        {
            return false;
        }

        // A town that is also a word ("Reading", "Bath", "Sale") is the town only where a place stands: "in Reading", "moved to Bath".
        if (phrase.Category == PhraseCategory.Place && lexicon.IsCommon(token.Core))
        {
            return IsAfterPlaceCue(text, tokens, i);
        }

        return !(token.SentenceStart && lexicon.IsCommon(token.Core) && phrase.Category != PhraseCategory.Keep);
    }

    /// <summary>"in X", "from the X", "moved to X": a place cue (perhaps with "the") right before the word.</summary>
    private bool IsAfterPlaceCue(string text, List<Token> tokens, int index)
    {
        if (index > 1 && tokens[index - 1].Core == "the" && Joined(text, tokens, index))
        {
            index--;
        }

        if (index == 0 || !Joined(text, tokens, index) || tokens[index - 1].IsCapitalised)
        {
            return false;
        }

        var cue = tokens[index - 1].Text.ToLowerInvariant();
        var motion = index > 1 && (cue is "to" or "into") && lexicon.MotionVerbs.Contains(tokens[index - 2].Text);
        return lexicon.PlaceCues.Contains(cue) || motion;
    }

    // ---- Cues ----

    private void MarkCues(string text, List<Token> tokens)
    {
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Masked || token.Label is Label.Date or Label.Organisation || IsPronounI(token))
            {
                continue;
            }

            var gap = Gap(text, tokens, i);
            var spaceOnly = gap.Length is > 0 and <= 2 && gap.Trim(" \t").IsEmpty;
            var previous = tokens[i - 1];
            var previousLower = previous.Text.ToLowerInvariant();
            var twoBefore = i >= 2 && Joined(text, tokens, i - 1) ? tokens[i - 2].Text.ToLowerInvariant() + " " + previousLower : null;

            // A title: "Dr. Patel", "Mrs Okafor", "Aunt Rosa".
            if (!previous.Masked && previous.IsCapitalised && lexicon.Titles.Contains(previous.Core) && !previous.Possessive && Joined(text, tokens, i)
                && (token.IsCapitalised ? !IsWeekdayOrMonth(token) : !lexicon.IsCommon(token.Core)))
            {
                ForceName(text, tokens, i);
                continue;
            }

            // A person in the client's life: "my client Jordan", "her son, Luis", "the caseworker Ms. Diaz".
            var appositive = gap.Trim(" \t").SequenceEqual(",") && gap.Length <= 3;
            if (!previous.Masked && (spaceOnly || appositive)
                && (lexicon.Relations.Contains(previousLower) || (twoBefore is not null && lexicon.Relations.Contains(twoBefore)))
                && IsNameAfterCue(token, lowerCaseNeedsFirstName: true))
            {
                ForceName(text, tokens, i);
                continue;
            }

            // "named Jordan", "goes by Dee", "called Maria".
            if (!previous.Masked && spaceOnly
                && (lexicon.NameCues.Contains(previousLower) || (twoBefore is not null && lexicon.NameCues.Contains(twoBefore)))
                && IsNameAfterCue(token, lowerCaseNeedsFirstName: false))
            {
                ForceName(text, tokens, i);
                continue;
            }
        }

        // "Luis's mother", "jordan's teacher".
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Masked || !token.Possessive || token.Label != Label.None || !Joined(text, tokens, i + 1)
                || !lexicon.PossessedRelations.Contains(tokens[i + 1].Core))
            {
                continue;
            }

            var isName = token.IsCapitalised
                ? !IsKeepWord(token) && (!lexicon.IsCommon(token.Core) || IsFirstName(token) || lexicon.Surnames.Contains(token.Core))
                : IsFirstName(token) && !lexicon.IsCommon(token.Core);
            if (isName)
            {
                token.Forced = true;
                token.Label = Label.Name;
            }
        }
    }

    private bool IsWeekdayOrMonth(Token token) => lexicon.Weekdays.Contains(token.Core) || lexicon.Months.Contains(token.Core);

    private bool IsNameAfterCue(Token token, bool lowerCaseNeedsFirstName)
    {
        if (token.IsCapitalised)
        {
            // Capitalised after a cue: a name even if it is an everyday word ("my client Hope"), but not "I",
            // a weekday, or an allowed term or acronym ("called CPS", "her mom Monday").
            return !IsKeepWord(token) || (IsFirstName(token) && !token.IsAllCaps && token.Label != Label.Keep);
        }

        if (IsFirstName(token) && !lexicon.IsCommon(token.Core))
        {
            return true;
        }

        return !lowerCaseNeedsFirstName && token.Core.Length >= 3 && !lexicon.IsCommon(token.Core) && !DeidentificationLexicon.LooksLikeEnglishWord(token.Core);
    }

    /// <summary>The word is a name, and so are the capitalised words that follow it ("Dr. Maria de la Cruz").</summary>
    private void ForceName(string text, List<Token> tokens, int i)
    {
        tokens[i].Forced = true;
        tokens[i].Label = Label.Name;
        for (var k = i + 1; k < tokens.Count && Joined(text, tokens, k) && !tokens[k].Masked; k++)
        {
            var next = tokens[k];
            if (next.IsCapitalised && !IsPronounI(next) && !IsWeekdayOrMonth(next) && next.Label is Label.None or Label.Keep)
            {
                next.Forced = true;
                next.Label = Label.Name;
            }
            else if (!(lexicon.NameParticles.Contains(next.Core) && k + 1 < tokens.Count && tokens[k + 1].IsCapitalised && Joined(text, tokens, k + 1)))
            {
                break;
            }
        }
    }

    // ---- Runs of capitalised words ----

    private IEnumerable<List<int>> Runs(string text, List<Token> tokens)
    {
        var run = new List<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var eligible = !token.Masked && token.IsCapitalised && token.Label != Label.Date && !IsPronounI(token) && !IsWeekdayOrMonth(token);
            if (run.Count > 0 && Joined(text, tokens, i))
            {
                // "Maria's mother": a possessive ends a name unless an organisation word follows ("St. Jude's Hospital").
                var afterPossessive = tokens[run[^1]].Possessive && !lexicon.OrganisationSuffixes.Contains(token.Core);
                if (!afterPossessive && (eligible || IsInnerLowerCase(text, tokens, i)))
                {
                    run.Add(i);
                    continue;
                }
            }

            if (run.Count > 0)
            {
                yield return Trimmed(tokens, run);
                run = [];
            }

            if (eligible)
            {
                run.Add(i);
            }
        }

        if (run.Count > 0)
        {
            yield return Trimmed(tokens, run);
        }
    }

    private bool IsInnerLowerCase(string text, List<Token> tokens, int i) =>
        (lexicon.Connectors.Contains(tokens[i].Core) || lexicon.NameParticles.Contains(tokens[i].Core))
        && i + 1 < tokens.Count && tokens[i + 1].IsCapitalised && !tokens[i + 1].Masked && Joined(text, tokens, i + 1);

    private static List<int> Trimmed(List<Token> tokens, List<int> run)
    {
        var copy = new List<int>(run);
        while (copy.Count > 0 && !tokens[copy[^1]].IsCapitalised)
        {
            copy.RemoveAt(copy.Count - 1);
        }

        return copy;
    }

    private void ClassifyRun(string text, List<Token> tokens, List<int> run)
    {
        if (run.Count == 0)
        {
            return;
        }

        // "The Hope Center": an article is not part of the name. (Other leading words stay: "Bright Futures Academy".)
        var first = 0;
        while (first < run.Count - 1 && tokens[run[first]].Core is "The" or "A" or "An")
        {
            first++;
        }

        var last = run.Count - 1;
        if (TryRuleSpan(tokens, run, first, last))
        {
            return;
        }

        if (AfterEmployerCue(text, tokens, run[first]) && Enumerable.Range(first, last - first + 1).Any(k => tokens[run[k]].IsCapitalised && !IsKeepWord(tokens[run[k]])))
        {
            SetRule(tokens, run, first, last, Label.Organisation);
            return;
        }

        ClassifyWords(text, tokens, run);
    }

    /// <summary>"works at Pick n Pay", "a job at the Blue Door": the run starts right after an employer cue (and perhaps "the").</summary>
    private bool AfterEmployerCue(string text, List<Token> tokens, int index)
    {
        if (index > 0 && tokens[index - 1].Core is "the" && Joined(text, tokens, index))
        {
            index--;
        }

        return index >= 2 && Joined(text, tokens, index) && Joined(text, tokens, index - 1)
            && lexicon.EmployerCues.Contains(tokens[index - 2].Text + " " + tokens[index - 1].Text);
    }

    /// <summary>Organisations, streets and places recognised by their first or last word.</summary>
    private bool TryRuleSpan(List<Token> tokens, List<int> run, int first, int last)
    {
        Token At(int k) => tokens[run[k]];
        bool HasNonAllowedBefore(int k)
        {
            for (var j = first; j < k; j++)
            {
                var t = At(j);
                if (t.IsCapitalised && ((!lexicon.Allowed.Contains(t.Core) && !lexicon.Allowed.Contains(t.Text)) || lexicon.Descriptors.Contains(t.Core)))
                {
                    return true;
                }
            }

            return false;
        }

        // "University of Oregon", "Department of Children and Family Services", "St. Jude's", "Saint Mary's".
        var lead = At(first);
        if (last > first && lexicon.OrganisationPrefixes.Contains(lead.Core) && !lead.Forced)
        {
            var isSaint = lead.Core is "St" or "Saint";
            var hasOf = Enumerable.Range(first + 1, last - first).Any(k => At(k).Core == "of");
            if ((isSaint && !lexicon.StreetSuffixes.Contains(At(last).Core)) || (hasOf && At(last).IsCapitalised))
            {
                SetRule(tokens, run, first, last, Label.Organisation);
                return true;
            }
        }

        // "Casa Esperanza", "Te Kura o Manurewa", "Hoërskool Waterkloof": a word that begins an organisation in another
        // language, with a name after it (an article such as "Te" may stand before it). Not an acronym: "CASA" is a role.
        for (var k = first; k < last && k <= first + 1; k++)
        {
            if (lexicon.OrganisationLeads.Contains(At(k).Core) && !At(k).IsAllCaps && (k == first || At(first).Core is "Te" or "La" or "El" or "Le" or "Die" or "Het")
                && At(last).IsCapitalised && !IsKeepWord(At(last)))
            {
                SetRule(tokens, run, first, last, Label.Organisation);
                return true;
            }
        }

        // "Mercy Hospital", "Lincoln Elementary School", "Texas Children's Hospital", "Humane Society of Summit County".
        for (var k = last; k > first; k--)
        {
            if (At(k).IsCapitalised && lexicon.OrganisationSuffixes.Contains(At(k).Core) && HasNonAllowedBefore(k))
            {
                SetRule(tokens, run, first, ExtendWithOf(tokens, run, k, last), Label.Organisation);
                return true;
            }
        }

        for (var k = last; k > first; k--)
        {
            var word = At(k);
            if (!word.IsCapitalised)
            {
                continue;
            }

            // "Birch Lane", "Elm St." ("St." before a capitalised word is "Saint", handled above).
            var isStreet = (lexicon.StreetSuffixes.Contains(word.Core) && (k == last || !At(k + 1).IsCapitalised) && !(word.Core == "Dr" && k < last))
                || (lexicon.WeakStreetSuffixes.Contains(word.Core) && HasNonAllowedBefore(k));
            if (isStreet && !lexicon.Titles.Contains(At(k - 1).Core))
            {
                SetRule(tokens, run, first, k, Label.Place);
                return true;
            }

            // "Cook County", "Lincoln Park", "Oak Heights".
            if (lexicon.PlaceSuffixes.Contains(word.Core) && HasNonAllowedBefore(k))
            {
                SetRule(tokens, run, first, k, Label.Place);
                return true;
            }
        }

        return false;
    }

    private static int ExtendWithOf(List<Token> tokens, List<int> run, int k, int last) =>
        k + 2 <= last && tokens[run[k + 1]].Core == "of" ? last : k;

    private static void SetRule(List<Token> tokens, List<int> run, int first, int last, Label label)
    {
        for (var k = first; k <= last; k++)
        {
            tokens[run[k]].Label = label;
            tokens[run[k]].InRule = true;
        }
    }

    /// <summary>Word by word: known names, unknown capitalised words, surnames after a first name.</summary>
    private void ClassifyWords(string text, List<Token> tokens, List<int> run)
    {
        var proper = new bool[run.Count];

        // Pass 1: everything except sentence-start first names that are also everyday words.
        for (var k = 0; k < run.Count; k++)
        {
            var token = tokens[run[k]];
            if (!token.IsCapitalised || token.Label is Label.Keep or Label.Date)
            {
                continue;
            }

            if (token.Forced || token.Label is Label.Place or Label.Organisation or Label.Name)
            {
                proper[k] = true;
                continue;
            }

            if (IsKeepWord(token))
            {
                continue;
            }

            var common = lexicon.IsCommon(token.Core);
            if (IsFirstName(token))
            {
                proper[k] = !token.SentenceStart || !common;
            }
            else if (lexicon.Surnames.Contains(token.Core))
            {
                proper[k] = !token.SentenceStart || !common;
            }
            else if (token.IsAllCaps)
            {
                proper[k] = true;
                token.Label = Label.Organisation;
            }
            else if (token.Core.Length == 1)
            {
                // An initial counts only beside a name (pass 3): "J. Smith", not "S/N" or "Plan B".
                continue;
            }
            else if (!token.SentenceStart)
            {
                proper[k] = !common;
            }
            else
            {
                // At a sentence start capitals say nothing; an unknown word is a name when shaped like one
                // ("DeShawn", "McAllister") or when what follows says so (pass 2).
                proper[k] = !common && !DeidentificationLexicon.LooksLikeEnglishWord(token.Core) && HasInnerCapital(token.Core);
            }
        }

        // Pass 2: a sentence-start word that is a first name and also an everyday word ("Grace", "Will"), or is
        // no known word at all ("Aiyana"), is a name when more of the name follows ("Grace Okafor"), or a verb of a
        // person ("Grace said", "Aiyana tested") or a possessive follows ("Will's mother").
        for (var k = 0; k < run.Count; k++)
        {
            var token = tokens[run[k]];
            if (proper[k] || !token.IsCapitalised || !token.SentenceStart || token.Label != Label.None || IsKeepWord(token) || token.Core.Length == 1)
            {
                continue;
            }

            var unknown = !IsFirstName(token) && !lexicon.IsCommon(token.Core) && !DeidentificationLexicon.LooksLikeEnglishWord(token.Core);
            if (!IsFirstName(token) && !unknown)
            {
                continue;
            }

            var next = run[k] + 1 < tokens.Count ? tokens[run[k] + 1] : null;
            proper[k] = (k + 1 < run.Count && proper[k + 1])
                || (next is not null && Joined(text, tokens, run[k] + 1) && !next.IsCapitalised && !token.Possessive && IsPersonVerb(next))
                || (token.Possessive && next is not null && lexicon.PossessedRelations.Contains(next.Core));
        }

        // Pass 3: surnames after a first name ("Maria Rose", "Luis Brown") and initials before a name ("J. Smith")
        // are part of the name.
        for (var k = run.Count - 2; k >= 0; k--)
        {
            if (!proper[k] && proper[k + 1] && tokens[run[k]].Core.Length == 1 && tokens[run[k]].IsCapitalised && !IsPronounI(tokens[run[k]]))
            {
                proper[k] = true;
            }
        }

        for (var k = 1; k < run.Count; k++)
        {
            var token = tokens[run[k]];
            var before = tokens[run[k - 1]];
            if (!proper[k] && proper[k - 1] && token.IsCapitalised && token.Label == Label.None && (before.Forced || IsFirstName(before) || before.Label == Label.Name)
                && !IsPronounI(token) && !IsWeekdayOrMonth(token) && !lexicon.Allowed.Contains(token.Core))
            {
                proper[k] = true;
            }
        }

        // Decide each stretch of proper words: a name, unless a place word or place cue says otherwise.
        var k0 = 0;
        while (k0 < run.Count)
        {
            if (!proper[k0])
            {
                k0++;
                continue;
            }

            var k1 = k0;
            while (k1 + 1 < run.Count && (proper[k1 + 1] || (!tokens[run[k1 + 1]].IsCapitalised && k1 + 2 < run.Count && proper[k1 + 2]
                && lexicon.NameParticles.Contains(tokens[run[k1 + 1]].Core))))
            {
                k1++;
            }

            var label = StretchLabel(text, tokens, run, k0, k1);
            for (var k = k0; k <= k1; k++)
            {
                var token = tokens[run[k]];
                if (token.Label is Label.None or Label.Keep || (label == Label.Name && token.Label == Label.Organisation && !token.IsAllCaps))
                {
                    token.Label = label;
                }
            }

            k0 = k1 + 1;
        }
    }

    private static bool HasInnerCapital(string word) => word.Skip(1).Any(char.IsUpper) && word.Any(char.IsLower);

    /// <summary>A lower-case word a person does: "said", "asked", or any "-ed" past tense ("tested", "arrived").</summary>
    private bool IsPersonVerb(Token next) =>
        lexicon.NameVerbs.Contains(next.Text) || (next.Core.Length >= 4 && next.Core.EndsWith("ed", StringComparison.Ordinal));

    private Label StretchLabel(string text, List<Token> tokens, List<int> run, int k0, int k1)
    {
        var stretch = Enumerable.Range(k0, k1 - k0 + 1).Select(k => tokens[run[k]]).ToList();
        if (stretch.Any(t => t.Forced || t.Label == Label.Name || IsFirstName(t)))
        {
            return Label.Name;
        }

        if (stretch.All(t => t.Label == Label.Organisation || !t.IsCapitalised))
        {
            return Label.Organisation;
        }

        if (stretch.Any(t => t.Label == Label.Place))
        {
            return Label.Place;
        }

        if (stretch.Any(t => t.Label == Label.Organisation))
        {
            return Label.Organisation;
        }

        if (stretch.Any(t => lexicon.Surnames.Contains(t.Core)))
        {
            return Label.Name;
        }

        // A place cue before the words, perhaps with "the" between: "in Brookhaven", "on the Southside", "moved to Kenosha".
        if (IsAfterPlaceCue(text, tokens, run[k0]))
        {
            return Label.Place;
        }

        return stretch.Any(t => lexicon.HasPlaceEnding(t.Core)) ? Label.Place : Label.Name;
    }

    /// <summary>"Normal, IL", "Springfield, Ohio": the capitalised word before a state is a place, even if it is a word.</summary>
    private void MarkCityBeforeState(string text, List<Token> tokens)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var token = tokens[i];
            var state = tokens[i + 1];
            if (token.Masked || state.Masked || !token.IsCapitalised || token.Label is not (Label.None or Label.Name) || IsKeepWord(token)
                || state.Label != Label.Keep || token.SentenceStart || token.Forced)
            {
                continue;
            }

            var gap = Gap(text, tokens, i + 1);
            if (gap.SequenceEqual(", ") && (state.IsAllCaps || lexicon.IsCommon(token.Core) || token.Label == Label.Name))
            {
                // Extend back over the rest of a multi-word town ("Oak Park, IL" is already a rule span).
                for (var k = i; k >= 0 && tokens[k].IsCapitalised && !tokens[k].Masked && !IsKeepWord(tokens[k]) && (k == i || Joined(text, tokens, k + 1)); k--)
                {
                    tokens[k].Label = Label.Place;
                }
            }
        }
    }

    /// <summary>A word removed once is removed wherever it appears, so the output never shows it.</summary>
    private void Propagate(List<Token> tokens)
    {
        var removed = new Dictionary<string, Label>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens)
        {
            if (!token.Masked && token.Label is Label.Name or Label.Place && token.Core.Length >= 2 && !token.InRule && !lexicon.NameParticles.Contains(token.Core)
                && !lexicon.Connectors.Contains(token.Core))
            {
                removed.TryAdd(token.Core, token.Label);
            }
        }

        if (removed.Count == 0)
        {
            return;
        }

        foreach (var token in tokens)
        {
            if (!token.Masked && token.Label is Label.None or Label.Keep && removed.TryGetValue(token.Core, out var label)
                && (token.IsCapitalised || !lexicon.IsCommon(token.Core)))
            {
                token.Label = label;
            }
        }
    }

    // ---- Output ----

    private void Emit(string text, List<Token> tokens, List<Detection> found)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var label = tokens[i].Label;
            if (tokens[i].Masked || label is Label.None or Label.Keep)
            {
                i++;
                continue;
            }

            var j = i;
            while (j + 1 < tokens.Count && !tokens[j + 1].Masked && Joined(text, tokens, j + 1) && (label == Label.Organisation || !tokens[j].Possessive))
            {
                var next = tokens[j + 1];
                if (next.Label == label)
                {
                    j++;
                    continue;
                }

                // A lower-case particle or connector inside one name: "Maria de la Cruz", "Bank of [place]".
                var bridge = label == Label.Name
                    ? lexicon.NameParticles.Contains(next.Core)
                    : lexicon.NameParticles.Contains(next.Core) || lexicon.Connectors.Contains(next.Core);
                if (bridge && next.Label == Label.None && !next.IsCapitalised && j + 2 < tokens.Count && tokens[j + 2].Label == label
                    && !tokens[j + 2].Masked && Joined(text, tokens, j + 2))
                {
                    j += 2;
                    continue;
                }

                break;
            }

            var kind = label switch
            {
                Label.Place => IdentifierKind.Place,
                Label.Organisation => IdentifierKind.Organisation,
                Label.Date => IdentifierKind.Date,
                _ => IdentifierKind.Name,
            };

            // An organisation keeps its possessive ("St. Jude's"); a person or a place does not ("[name]'s mother").
            var start = tokens[i].Start;
            var end = kind is IdentifierKind.Organisation or IdentifierKind.Date ? tokens[j].End : tokens[j].CoreEnd;
            if (kind == IdentifierKind.Place)
            {
                start = WithHouseNumber(text, start);
            }

            found.Add(new Detection(start, end, kind));
            i = j + 1;
        }
    }

    /// <summary>"1420 Elm" is as identifying as "Elm": take the house number with the street.</summary>
    private static int WithHouseNumber(string text, int start)
    {
        var k = start - 1;
        if (k < 1 || text[k] != ' ')
        {
            return start;
        }

        var digitsEnd = k;
        while (k - 1 >= 0 && (char.IsAsciiDigit(text[k - 1]) || (k == digitsEnd && char.IsAsciiLetterUpper(text[k - 1]))))
        {
            k--;
        }

        return k < digitsEnd && char.IsAsciiDigit(text[k]) && (k == 0 || !char.IsLetterOrDigit(text[k - 1])) ? k : start;
    }
}
