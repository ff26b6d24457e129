using System.Text.RegularExpressions;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Structured identifiers in the forms people type in a hurry, beside <see cref="StructuredDetector"/>'s tidy forms:
/// dates with lower-case or short months, bare ordinals ("the 9th"), holidays in any case; street addresses with a
/// direction letter, a numbered street, a unit or a corner, roads by number; social handles and gamer tags; e-mail
/// addresses spelled out with "at" and "dot". Every pattern has a timeout, which propagates (nothing half-checked is shared).
/// <para>
/// Relative dates ("last tues", "next week", "yesterday") are kept: the group card carries no session date, so they
/// point to no calendar day. A holiday is a calendar day and is removed, with its year.
/// </para>
/// </summary>
internal static partial class InformalDetector
{
    private const int TimeoutMs = 2000;
    private const RegexOptions Ci = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private const string MonthWord =
        @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

    private const string Ordinal = @"(?:[12]?\d|3[01])(?:st|nd|rd|th)";

    private const string Day = @"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?";

    private const string StreetType =
        @"(?:street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|trail|trl|close|crescent|cres|row|square|sq|broadway|pike|alley)";

    private const string Direction = @"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)";

    // A direction after the street: "Queen St E", "Rte 9 North". In capitals or as a word, so that "w" (with) stays.
    private const string TrailingDirection = @"(?:\s+(?:(?-i:[NSEW]|NE|NW|SE|SW|NB|SB|EB|WB)|north|south|east|west|(?:north|south|east|west)bound)\b\.?)?";

    // A direction before a street or an ordinal: "W 41st", "N. Halsted".
    private const string LeadingDirection = @"(?:\b(?:(?-i:[NSEW]|NE|NW|SE|SW)|north|south|east|west)\.?\s+)?";

    private const string Unit = @"(?:,?\s*(?:(?:apt|apartment|unit|suite|ste|flat|no)\b\.?\s*#?|#)\s*(?:(?=[a-z0-9-]*\d)[a-z0-9-]{1,6}|[a-z])\b)?";

    public static void Detect(string text, List<Detection> found)
    {
        // Most patterns need a digit, an "at" or a symbol; looking for those first keeps a plain sentence cheap.
        var hasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        if (hasDigit)
        {
            Add(text, DateMonthDay(), IdentifierKind.Date, found);
            Add(text, DateDayMonth(), IdentifierKind.Date, found);
            Add(text, DateMonthYear(), IdentifierKind.Date, found);
            Add(text, DateBareOrdinal(), IdentifierKind.Date, found);
            Add(text, DateShortNumeric(), IdentifierKind.Date, found);
            Add(text, AddressNumbered(), IdentifierKind.Place, found);
            Add(text, AddressDirection(), IdentifierKind.Place, found);
            Add(text, NumberedStreet(), IdentifierKind.Place, found);
            Add(text, OrdinalStreet(), IdentifierKind.Place, found);
            Add(text, Corner(), IdentifierKind.Place, found);
            Add(text, RoadByNumber(), IdentifierKind.Place, found);
            Add(text, Flat(), IdentifierKind.Place, found);
            Add(text, PhoneGrouped(), IdentifierKind.Phone, found);
        }

        Add(text, BuildingDesignator(), IdentifierKind.Place, found);
        Add(text, MonthShortAlone(), IdentifierKind.Date, found);
        Add(text, MonthAfterCue(), IdentifierKind.Date, found);
        Add(text, Holiday(), IdentifierKind.Date, found);
        if (text.Contains("corner", StringComparison.OrdinalIgnoreCase))
        {
            Add(text, CornerOf(), IdentifierKind.Place, found);
        }

        if (text.Contains(" at ", StringComparison.OrdinalIgnoreCase) || text.Contains("at)", StringComparison.OrdinalIgnoreCase)
            || text.Contains("at]", StringComparison.OrdinalIgnoreCase) || text.Contains("at}", StringComparison.OrdinalIgnoreCase) || text.Contains("at>", StringComparison.OrdinalIgnoreCase) || text.Contains('@', StringComparison.Ordinal))
        {
            Add(text, WebPatterns.Shared.SpelledEmail, IdentifierKind.Email, found);
            Add(text, WebPatterns.Shared.EmailAtProvider, IdentifierKind.Email, found);
            Add(text, BracketedAtEmail(), IdentifierKind.Email, found);
        }

        if (text.Contains('@', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            Add(text, Handle(), IdentifierKind.Url, found);
        }

        if (hasDigit || text.Contains('_', StringComparison.Ordinal) || text.Contains("xX", StringComparison.Ordinal) || text.Contains("u/", StringComparison.OrdinalIgnoreCase))
        {
            Add(text, GamerTag(), IdentifierKind.Url, found);
        }
    }

    private static void Add(string text, Regex pattern, IdentifierKind kind, List<Detection> found)
    {
        foreach (Match match in pattern.Matches(text))
        {
            var id = match.Groups["id"];
            var (start, length) = id.Success ? (id.Index, id.Length) : (match.Index, match.Length);
            if (length > 0)
            {
                found.Add(new Detection(start, start + length, kind));
            }
        }
    }

    // ---- Dates ----

    [GeneratedRegex(@"\b" + MonthWord + @"\s+" + Day + @"(?![\d:])(?:(?:,\s*|\s+)(?:\d{4}|'\d{2})\b)?", Ci, TimeoutMs)]
    private static partial Regex DateMonthDay();

    [GeneratedRegex(@"\b(?:the\s+)?" + Day + @"\s+(?:of\s+)?" + MonthWord + @"(?![a-z])(?:(?:,\s*|\s+)\d{4}\b)?", Ci, TimeoutMs)]
    private static partial Regex DateDayMonth();

    [GeneratedRegex(@"\b" + MonthWord + @"(?:,\s*|\s+)(?:of\s+)?(?:\d{4}|'\d{2})\b", Ci, TimeoutMs)]
    private static partial Regex DateMonthYear();

    // "the 14th", "on the 3rd of every month", "weds the 19th"; not "the 5th grade" or "the 3rd time".
    [GeneratedRegex(
        @"\b(?<id>the\s+" + Ordinal + @")\b(?!\s*(?:grade|graders?|time|times|session|sessions|floor|place|period|birthday|street|st\b|ave|avenue|road|rd\b|attempt|visit|week|day|year|month|percentile|class|one|hour|minute|child|kid|foster|placement|school|try|step|round|draft|page|chapter|edition|century|appointment))",
        Ci, TimeoutMs)]
    private static partial Regex DateBareOrdinal();

    // "12/2", "6/12": a day and a month without a year (StructuredDetector takes the ones with a year).
    [GeneratedRegex(@"(?<![\d/.:-])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/.:-]|\s*(?:of|cups?|tsp|doses?)\b)", Ci, TimeoutMs)]
    private static partial Regex DateShortNumeric();

    // Short month names are not words ("since sept"); "mar", "may", "jun" are, so they need a number or a cue.
    [GeneratedRegex(@"\b(?:jan|feb|aug|sept?|oct|nov|dec|january|february|april|june|july|september|october|november|december)\b\.?", Ci, TimeoutMs)]
    private static partial Regex MonthShortAlone();

    [GeneratedRegex(@"(?<=\b(?:in|since|until|till|early|late|mid|last|next|this|of|during|by|before|after|through|from|around)[\s-]+)(?:march|may|august)\b", Ci, TimeoutMs)]
    private static partial Regex MonthAfterCue();

    [GeneratedRegex(
        @"\b(?:x-?mas|christmas|thanksgiving|halloween|easter(?:\s+(?:monday|sunday|saturday))?|good\s+friday|shrove\s+tuesday|pancake\s+day|bonfire\s+night|guy\s+fawkes(?:\s+night)?|burns\s+night|hogmanay|mothering\s+sunday|remembrance\s+(?:day|sunday)|armistice\s+day|black\s+friday|anzac\s+day|australia\s+day|canada\s+day|waitangi\s+day|(?:chinese|lunar)\s+new\s+year|vaisakhi|purim|(?:st\.?\s+|saint\s+)?(?:stephen|andrew|david|george)'?s\s+day|paddy'?s\s+day|new\s+year'?s?\s+(?:eve|day)|new\s+year'?s|(?<!\bthe\s+)new\s+year|hanukkah|chanukah|passover|yom\s+kippur|rosh\s+hashanah|diwali|kwanzaa|eid(?:\s+al-(?:fitr|adha))?|juneteenth|boxing\s+day|(?:st\.?\s+|saint\s+)?patrick'?s\s+day|valentine'?s(?:\s+day)?|mother'?s\s+day|father'?s\s+day|memorial\s+day|labou?r\s+day|veterans\s+day|independence\s+day|(?:fourth|4th)\s+of\s+july|july\s+(?:4th|fourth)|cinco\s+de\s+mayo|d[ií]a\s+de\s+los\s+muertos)(?:\s+(?:eve|day))?(?:(?:,\s*|\s+)(?:\d{4}|'\d{2}))?\b",
        Ci, TimeoutMs)]
    private static partial Regex Holiday();

    // ---- Addresses ----

    [GeneratedRegex(@"\b\d{1,6}[a-z]?\s+(?:" + Direction + @"\.?\s+)?(?:[a-z0-9][\p{L}'’-]*\s+){1,3}?" + StreetType + @"\b\.?" + TrailingDirection + Unit, Ci, TimeoutMs)]
    private static partial Regex AddressNumbered();

    // "1200 E Burnside", "3308 S Halvorsen": a house number and a direction letter need no street type.
    [GeneratedRegex(@"\b\d{2,6}\s+" + Direction + @"\.?\s+(?!(?:and|or|but|the|of|to|in|at|on|for|with|so|then|is|was)\b)\p{L}[\p{L}'’-]*(?:\s+" + StreetType + @"\b\.?)?" + Unit, Ci, TimeoutMs)]
    private static partial Regex AddressDirection();

    // "E 9th St", "w 14th street".
    [GeneratedRegex(@"\b(?:" + Direction + @"\.?\s+)?\d{1,3}(?:st|nd|rd|th)\s+" + StreetType + @"\b\.?" + Unit, Ci, TimeoutMs)]
    private static partial Regex NumberedStreet();

    // "the Walmart on 82nd": an ordinal past 31 after "on" or "off" is no day of a month, so it is a street.
    [GeneratedRegex(@"(?<=\b(?:on|off|near|at|down|up)\s+)(?:[3-9]\d|\d{3})(?<!3[01])(?:st|nd|rd|th)\b(?!\s+(?:birthday|grade|time|floor|percentile|place|anniversary|street|st|avenue|ave))", Ci, TimeoutMs)]
    private static partial Regex OrdinalStreet();

    // "Calder & 14th", "4th and Delancey"; not "the 22nd and drew", a day of the month.
    // With a direction before either street ("W 41st & Halsted", "Main and N 3rd") or after the corner.
    [GeneratedRegex(@"(?:" + LeadingDirection + @"\b\p{L}[\p{L}'’-]*\s*(?:&|and)\s*" + LeadingDirection + @"\d{1,3}(?:st|nd|rd|th)|(?<!\bthe\s+)" + LeadingDirection + @"\b\d{1,3}(?:st|nd|rd|th)\s*(?:&|and)\s*" + LeadingDirection + @"\b\p{L}[\p{L}'’-]*)\b(?:\s+" + StreetType + @"\b\.?)?" + TrailingDirection, Ci, TimeoutMs)]
    private static partial Regex Corner();

    [GeneratedRegex(@"\bcorner\s+of\s+(?<id>\p{L}[\p{L}'’-]*(?:\s+" + StreetType + @")?\s*(?:&|and)\s*\p{L}[\p{L}'’-]*(?:\s+" + StreetType + @"\b)?)", Ci, TimeoutMs)]
    private static partial Regex CornerOf();

    // "Rte 9", "1187 State Route 9 North", "4410 Hwy 61 S", "US-30": a house number before the road and a direction after it
    // belong to the address.
    [GeneratedRegex(
        @"\b(?:\d{1,6}[a-z]?\s+)?(?:(?:state|county|farm|old|us|u\.s\.)[\s-]+)?(?:route|rte|rt|highway|hwy|county\s+road|state\s+road|farm\s+road|interstate|i-|(?-i:US|SR|CR)-)\s*\d{1,4}[a-z]?\b" + TrailingDirection,
        Ci, TimeoutMs)]
    private static partial Regex RoadByNumber();

    // A block, building or plot of an estate by its letter or number: "Block C", "Tower 2", "Wing B", "Lot 14", "bldg 7".
    [GeneratedRegex(
        @"\b(?:block|blk|tower|wing|building|bldg|(?<!\ba\s+)lot|house|cottage|villa|unit|flat|apartment|apt|suite|caravan|pitch)\s+(?:(?-i:[A-HJ-Z])\d{0,3}\b(?!['’])|(?-i:[a-z])(?=\s*,)|\d{1,4}[a-z]?\b(?![.:/]\d|\s*(?:of|out|times?|mins?|minutes?|hours?|hrs?|days?|weeks?|years?|%|percent|people|kids|children)\b))",
        Ci, TimeoutMs)]
    private static partial Regex BuildingDesignator();

    [GeneratedRegex(@"\b(?:flat|apt|apartment|unit)\s+\d{1,4}[a-z]?\b", Ci, TimeoutMs)]
    private static partial Regex Flat();

    // "07700 900461", "0161 496 0732": numbers that start with a trunk zero.
    [GeneratedRegex(@"(?<![\d-])0\d{3,4}[\s.-]?\d{3}[\s.-]?\d{3,4}(?![\d-])", Ci, TimeoutMs)]
    private static partial Regex PhoneGrouped();

    // ---- E-mail, handles, gamer tags ----

    // "office(at)sunbeam.ie", "jo [at] kids-first.org.nz": a bracketed "at" makes an address of a domain written with real dots.
    [GeneratedRegex(@"(?<![\w.])[a-z0-9][\w.+-]*\s*(?:\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>|\(\s*@\s*\)|\[\s*@\s*\])\s*[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b", Ci, TimeoutMs)]
    private static partial Regex BracketedAtEmail();

    // "@kaito.draws", "frostbyte#2231".
    [GeneratedRegex(@"(?<![\w@])@[a-z0-9_][a-z0-9_.]{1,30}[a-z0-9_]|\b[a-z][a-z0-9_.]{1,30}#\d{3,5}\b", Ci, TimeoutMs)]
    private static partial Regex Handle();

    // "nightowl_44", "KC_the_GOAT_", "u/tiredmama", "xXGhostReaperXx", "saoirse.xo.22", "bigmike1974": an underscore (trailing
    // ones too, after dotted words: "sk8.kid_09"), a reddit user's "u/", an xX…Xx frame, dotted words with digits, or letters run
    // into two or more digits.
    [GeneratedRegex(
        @"(?<![\w@.])(?:(?i:u/[a-z0-9_-]{3,24})|(?i:(?:[a-z0-9]+\.)*[a-z0-9]*_[a-z0-9_]*[a-z0-9]_*)|x+X\w+Xx+|(?i:[a-z]+(?:\.[a-z]+)*\.[a-z]*\d+)|(?i:[a-z]{3,}\d{2,}[a-z]*))(?![\w@])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeoutMs)]
    private static partial Regex GamerTag();
}
