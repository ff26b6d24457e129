using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Finds the structured identifiers (dates, ages over 89, phone and fax numbers, email, URLs, IP addresses, SSNs,
/// record, plan, account, licence, vehicle and device numbers, ZIP codes, street addresses) with regular
/// expressions compiled at build time. These must all be caught, so the patterns lean towards removing: a
/// number after a context word ("MRN", "member ID", "plate") is removed even with a few words in between.
/// Every pattern has a timeout; a timeout propagates so that nothing half-checked is ever shared.
/// </summary>
internal sealed partial class StructuredDetector
{
    private const int TimeoutMs = 2000;
    private const RegexOptions Ci = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions Cs = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Words that may stand between a context word and its number: "MRN is 123", "member ID on the card was 123".
    private const string Filler =
        @"(?:[\s:#.,(=-]+(?-i:number|num|nos?|nr|ids?|ID|ref|reference|is|was|are|were|of|ending|ends|in|on|the|her|his|their|my|our|its|file|card|form|chart|sheet|paperwork|reads|read|listed|as|shows|says|for|code|digits?|last|four|with|and|also|still|new|old|official)\b){0,5}[\s:#.,(=-]*";

    // An identifier: letters and digits with at least one digit, in up to four groups ("A-99812", "ABC 1234", "XJ4-471-823").
    private const string Id =
        @"(?<id>(?:(?-i:[A-Z]{1,4})[\s-])?(?=[A-Z0-9./-]*\d)[A-Z0-9]+(?:[-./][A-Z0-9]+)*(?:\s(?=[A-Z0-9./-]*\d)[A-Z0-9]{2,}(?:[-./][A-Z0-9]+)*){0,3}(?:\s(?-i:[A-Z]{2,3})(?![\w-]))?)";

    // A phone number: optional country code (with a one-digit area code after it, "+61 2", or the UK's "(0)"), area code
    // in brackets or not, groups of 2 to 8 digits ("07700 900461"), extension.
    private const string PhoneNumber =
        @"(?<id>(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?|\d{1,5}[\s.-])|(?:\b1[\s.-])?(?:\(\d{2,4}\)[\s.-]?|\b\d{2,5}[\s.-]))\d{2,8}(?:[\s.-]\d{2,8}){0,3}(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?)(?![\w/]|[.-]\d)";

    private const string Month =
        @"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

    private const string Weekday = @"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)";

    private const string MonthAnyCase =
        @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

    private const string SpelledOrdinal =
        @"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))";

    private const string Day = @"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?";

    private const string Year = @"(?:\d{4}|'\d{2})";

    private const string AgeNumber = @"(?:9\d|1[0-4]\d)";

    private const string SpelledAge = @"(?:ninety|one\s+hundred)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?";

    // Words after a number that make it a quantity, not an age: "was 90 minutes", "is 95 percent".
    private const string NotAnAge =
        @"(?![\d/%]|[.,]\d|\s*(?:%|percent|minutes?|mins?|seconds?|secs?|hours?|hrs?|days?|weeks?|months?|years?\s+ago|pounds?|lbs?|kgs?|kilos?|degrees?|miles?|km|dollars?|cents?|points?|times|sessions?|people|persons?|students|kids|children|clients|feet|ft|inches|cm|mg|ml|bpm|pages?|items?|questions?|of\b|out\b|percentile|th\b|st\b|nd\b|rd\b))";

    private readonly Regex address;

    public StructuredDetector(DeidentificationLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);

        // Built from the street words in lexicon.json: "1420 Elm Street", "22 Birch Way, Apt 4B", "88 Queen St W".
        var suffixes = string.Join('|', lexicon.StreetSuffixes.Concat(lexicon.WeakStreetSuffixes)
            .OrderByDescending(s => s.Length).Select(Regex.Escape));
        address = new Regex(
            @"\b\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\p{L}'’-]*\.?\s+){1,3}(?:" + suffixes + @")\b\.?(?:\s+(?:[NS][EW]?|[EW])\b\.?)?" +
            @"(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|No)\.?\s*#?\s*[A-Z0-9-]+|,?\s*#\s*[A-Z0-9-]+)?",
            Cs,
            TimeSpan.FromMilliseconds(TimeoutMs));
    }

    public void Detect(string text, List<Detection> found)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(found);
        var whole = new[] { (Start: 0, Length: text.Length) };

        // Patterns that need no digit run over the whole text.
        if (text.Contains('@', StringComparison.Ordinal))
        {
            Add(text, whole, Email(), IdentifierKind.Email, found);
        }

        AddUrls(text, found);
        foreach (var pattern in new[] { MonthAlone(), MayAlone(), DateSpelledDay(), SpelledOrdinalDay() })
        {
            Add(text, whole, pattern, IdentifierKind.Date, found);
        }

        AddSpelledPhones(text, found);
        foreach (var pattern in new[] { AgeSpelled(), AgeSpelledAfterVerb(), AgeDecade(), AgeRoughly() })
        {
            Add(text, whole, pattern, IdentifierKind.Age, found);
        }

        // Every other pattern needs a digit, so it runs only around the digits: most reflections have few or none.
        var windows = DigitWindows(text);
        if (windows.Count == 0)
        {
            return;
        }

        AddIpAddresses(text, windows, found);
        Add(text, windows, SsnShaped(), IdentifierKind.SocialSecurityNumber, found);
        Add(text, windows, NationalInsuranceNumber(), IdentifierKind.SocialSecurityNumber, found);
        Add(text, windows, MedicareCardNumber(), IdentifierKind.HealthPlanNumber, found);
        Add(text, windows, UkNumberPlate(), IdentifierKind.VehicleIdentifier, found);
        AddContext(text, windows, SsnContext(), IdentifierKind.SocialSecurityNumber, found, minimumDigits: 4);
        AddContext(text, windows, RecordContext(), IdentifierKind.MedicalRecordNumber, found, minimumDigits: 3);
        AddContext(text, windows, HealthPlanContext(), IdentifierKind.HealthPlanNumber, found, minimumDigits: 3);
        AddContext(text, windows, AccountContext(), IdentifierKind.AccountNumber, found, minimumDigits: 3);
        AddContext(text, windows, LicenceContext(), IdentifierKind.LicenceNumber, found, minimumDigits: 3);
        AddContext(text, windows, VehicleContext(), IdentifierKind.VehicleIdentifier, found, minimumDigits: 2);
        AddContext(text, windows, DeviceContext(), IdentifierKind.DeviceIdentifier, found, minimumDigits: 3);
        Add(text, windows, Vin(), IdentifierKind.VehicleIdentifier, found);
        Add(text, windows, MacAddress(), IdentifierKind.DeviceIdentifier, found);
        Add(text, windows, CardNumber(), IdentifierKind.AccountNumber, found);
        Add(text, windows, Iban(), IdentifierKind.AccountNumber, found);

        AddPhones(text, windows, FaxContext(), IdentifierKind.Fax, found, strongContext: true);
        AddPhones(text, windows, PhoneContext(), IdentifierKind.Phone, found, strongContext: false);
        AddPhones(text, windows, PhoneShaped(), IdentifierKind.Phone, found, strongContext: false);

        foreach (var pattern in new[] { ZipContext(), ZipPlusFour(), ZipAfterStateAbbreviation(), ZipAfterPlaceWord(), ZipBeforeAreaWord(), ZipAfterPreposition(), UkPostcode(), UkPostcodeNoSpace(), Eircode(), EircodeContext(), CanadianPostalCode(), AustralianPostcode() })
        {
            Add(text, windows, pattern, IdentifierKind.ZipCode, found);
        }

        foreach (var pattern in new[] { DateMonthFirst(), DateDayFirst(), DateMonthYear(), DateNumeric(), DateIso(), DateOrdinalDay(), DottedDateAfterWeekday(), DottedDateInContext() })
        {
            Add(text, windows, pattern, IdentifierKind.Date, found);
        }

        foreach (var pattern in new[] { AgeYearsOld(), AgeAfterAged(), AgeAfterVerb(), AgeInBrackets() })
        {
            Add(text, windows, pattern, IdentifierKind.Age, found);
        }

        Add(text, windows, address, IdentifierKind.Place, found);
        Add(text, windows, AddressWithDirection(), IdentifierKind.Place, found);
        Add(text, windows, AddressNumberAfterStreet(), IdentifierKind.Place, found);
        Add(text, windows, ApartmentAlone(), IdentifierKind.Place, found);
        Add(text, windows, PostOfficeBox(), IdentifierKind.Place, found);
        foreach (var pattern in new[] { RuralRoute(), GridAddress(), FrenchStreetAddress(), IndianAddress(), IndianCrossAndMain(), StandAndZone(), BlockAndLot(), MalayStreetAddress() })
        {
            Add(text, windows, pattern, IdentifierKind.Place, found);
        }

        Add(text, windows, IdWithLetterPrefix(), IdentifierKind.MedicalRecordNumber, found);
        Add(text, windows, CourtFileNumber(), IdentifierKind.MedicalRecordNumber, found);
        AddUnexplainedNumbers(text, found);
    }

    /// <summary>
    /// A weekday written before a date names the same day and goes with it: "Sat 19 Oct", "Friday, 13 Dec", "Mon 2/3",
    /// "thurs 9 jan". Run after every date pattern (this class's and the informal ones), so a short weekday before a
    /// date either of them found is taken too.
    /// </summary>
    public static void WidenDatesOverWeekdays(string text, List<Detection> found)
    {
        if (!found.Exists(d => d.Kind == IdentifierKind.Date))
        {
            return;
        }

        foreach (Match match in WeekdayBeforeDate().Matches(text))
        {
            var end = match.Index + match.Length;
            var date = found.FindIndex(d => d.Kind == IdentifierKind.Date && d.Start == end);
            if (date >= 0)
            {
                found[date] = found[date] with { Start = match.Index, Anchor = match.Index };
            }
        }
    }

    /// <summary>
    /// Stretches of text around digits: up to 100 characters before (room for "medical record number on the
    /// form was") and 40 after each digit, widened to whitespace, overlapping stretches joined.
    /// </summary>
    private static List<(int Start, int Length)> DigitWindows(string text)
    {
        var windows = new List<(int Start, int Length)>();
        var i = text.AsSpan().IndexOfAnyInRange('0', '9');
        while (i >= 0)
        {
            var start = Math.Max(0, i - 100);
            while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
            {
                start--;
            }

            var end = Math.Min(text.Length, i + 40);
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            if (windows.Count > 0 && start <= windows[^1].Start + windows[^1].Length)
            {
                var (previousStart, previousLength) = windows[^1];
                windows[^1] = (previousStart, Math.Max(end, previousStart + previousLength) - previousStart);
            }
            else
            {
                windows.Add((start, end - start));
            }

            var next = text.AsSpan(i + 1).IndexOfAnyInRange('0', '9');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return windows;
    }

    private static IEnumerable<Match> Matches(string text, IReadOnlyList<(int Start, int Length)> windows, Regex pattern)
    {
        foreach (var (start, length) in windows)
        {
            for (var match = pattern.Match(text, start, length); match.Success; match = match.NextMatch())
            {
                yield return match;
            }
        }
    }

    /// <summary>
    /// Erring towards removing: a long number or code that no pattern explained ("by mistake: 00918273") is still
    /// removed, named after the nearest context word before it in the sentence, else as a record number.
    /// </summary>
    private static void AddUnexplainedNumbers(string text, List<Detection> found)
    {
        var explained = found.ToArray();
        var i = 0;
        while (i < text.Length)
        {
            // A code: letters, digits and inner hyphens, starting at a word boundary.
            if (!char.IsAsciiLetterOrDigit(text[i]) || (i > 0 && IsCodeChar(text[i - 1])))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || (text[i] == '-' && i + 1 < text.Length && char.IsAsciiLetterOrDigit(text[i + 1]))))
            {
                i++;
            }

            var code = text.AsSpan(start, i - start);
            var digits = code.Length - CountNonDigits(code);
            var hasLetter = code.ContainsAnyInRange('A', 'Z') || code.ContainsAnyInRange('a', 'z');

            // Not part of a link, an email or a decimal: "v2.0", "x@y", "10.30".
            var partOfSomething = (i + 1 < text.Length && text[i] is '@' or '.' or '/' or ':' && char.IsAsciiLetterOrDigit(text[i + 1]))
                || (start > 1 && text[start - 1] is '@' or '.' or '/' or ':' && char.IsAsciiLetterOrDigit(text[start - 2]));
            if ((digits < 6 && !(hasLetter && digits >= 4)) || partOfSomething || explained.Any(d => d.Start < i && start < d.End))
            {
                continue;
            }

            var sentenceStart = Math.Max(0, Math.Max(start == 0 ? 0 : text.LastIndexOfAny(['.', '!', '?', '\n'], start - 1) + 1, start - 120));
            var kind = IdentifierKind.MedicalRecordNumber;
            for (var context = ContextWord().Match(text, sentenceStart, start - sentenceStart); context.Success; context = context.NextMatch())
            {
                kind = ContextKind(context);
            }

            found.Add(new Detection(start, i, kind));
        }
    }

    private static int CountNonDigits(ReadOnlySpan<char> code)
    {
        var count = 0;
        foreach (var c in code)
        {
            count += char.IsAsciiDigit(c) ? 0 : 1;
        }

        return count;
    }

    private static bool IsCodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_';

    private static IdentifierKind ContextKind(Match context) =>
        context.Groups["ssn"].Success ? IdentifierKind.SocialSecurityNumber
        : context.Groups["plan"].Success ? IdentifierKind.HealthPlanNumber
        : context.Groups["account"].Success ? IdentifierKind.AccountNumber
        : context.Groups["licence"].Success ? IdentifierKind.LicenceNumber
        : context.Groups["vehicle"].Success ? IdentifierKind.VehicleIdentifier
        : context.Groups["device"].Success ? IdentifierKind.DeviceIdentifier
        : context.Groups["zip"].Success ? IdentifierKind.ZipCode
        : context.Groups["fax"].Success ? IdentifierKind.Fax
        : context.Groups["phone"].Success ? IdentifierKind.Phone
        : IdentifierKind.MedicalRecordNumber;

    [GeneratedRegex(
        @"\b(?:(?<ssn>SSN|social\s+security)|(?<plan>medicaid|medicare|insurance|member|policy|health\s+plan|subscriber)|(?<account>account|acct|bank|card|billing|routing)|(?<licence>licen[cs]e(?!\s+plate)|certificate|permit|passport|NPI|DEA)|(?<vehicle>plates?|VIN|vehicle|car|truck)|(?<device>serial|device|IMEI|MAC|pump|monitor|tablet)|(?<zip>zip|postal|postcode)|(?<fax>fax)|(?<phone>phone|call|text|cell|mobile)|(?<record>MRN|record|chart|case|patient|file|docket))",
        Ci, TimeoutMs)]
    private static partial Regex ContextWord();

    private static void Add(string text, IReadOnlyList<(int Start, int Length)> windows, Regex pattern, IdentifierKind kind, List<Detection> found)
    {
        foreach (var match in Matches(text, windows, pattern))
        {
            var id = match.Groups["id"];
            var part = id.Success ? id : match.Groups[0];
            if (part.Length > 0)
            {
                found.Add(new Detection(part.Index, part.Index + part.Length, kind));
            }
        }
    }

    private static void AddContext(string text, IReadOnlyList<(int Start, int Length)> windows, Regex pattern, IdentifierKind kind, List<Detection> found, int minimumDigits)
    {
        foreach (var match in Matches(text, windows, pattern))
        {
            var id = match.Groups["id"];
            if (id.Success && id.Value.Count(char.IsAsciiDigit) >= minimumDigits)
            {
                found.Add(new Detection(id.Index, id.Index + id.Length, kind, match.Index));
            }
        }
    }

    // "call", "number" say little about a number shaped like an SSN; "fax" says it is a fax number.
    private static void AddPhones(string text, IReadOnlyList<(int Start, int Length)> windows, Regex pattern, IdentifierKind kind, List<Detection> found, bool strongContext)
    {
        foreach (var match in Matches(text, windows, pattern))
        {
            var id = match.Groups["id"];
            if (id.Success && IsPhoneLike(id.Value))
            {
                found.Add(new Detection(id.Index, id.Index + id.Length, kind, strongContext ? match.Index : id.Index));
            }
        }
    }

    /// <summary>7 to 15 digits, at least one group of three or more ("10.30-11.15" is a time), not a span of years.</summary>
    private static bool IsPhoneLike(string candidate)
    {
        var digits = candidate.Count(char.IsAsciiDigit);
        if (digits is < 7 or > 18)
        {
            return false;
        }

        var groups = NumberGroups().Matches(candidate).Select(m => m.Value).ToArray();
        if (!groups.Any(g => g.Length >= 3))
        {
            return false;
        }

        return !(groups.Length == 2 && groups.All(g => g.Length == 4 && (g.StartsWith("19", StringComparison.Ordinal) || g.StartsWith("20", StringComparison.Ordinal))));
    }

    private static void AddUrls(string text, List<Detection> found)
    {
        foreach (var pattern in new[] { UrlWithScheme(), UrlWithWww(), WebPatterns.Shared.BareDomain, DomainWithPath(), WebPatterns.Shared.LinkHost })
        {
            foreach (Match match in pattern.Matches(text))
            {
                // Sentence punctuation after a link is not part of it.
                var length = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', '\'', '"', ')', ']', '’', '”').Length;
                if (length > 0)
                {
                    found.Add(new Detection(match.Index, match.Index + length, IdentifierKind.Url));
                }
            }
        }
    }

    private static void AddIpAddresses(string text, IReadOnlyList<(int Start, int Length)> windows, List<Detection> found)
    {
        Add(text, windows, Ipv4(), IdentifierKind.IpAddress, found);
        foreach (var match in Matches(text, windows, Ipv6Candidate()))
        {
            var colons = match.ValueSpan.Count(':');
            if ((colons == 7 || match.ValueSpan.Contains("::", StringComparison.Ordinal))
                && IPAddress.TryParse(match.ValueSpan, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
            {
                found.Add(new Detection(match.Index, match.Index + match.Length, IdentifierKind.IpAddress));
            }
        }
    }

    [GeneratedRegex(@"\d+", Cs, TimeoutMs)]
    private static partial Regex NumberGroups();

    // ---- Email, URL, IP ----

    [GeneratedRegex(@"(?<![\w.+-])[A-Z0-9._%+'-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,24}\b", Ci, TimeoutMs)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?|ftp)://[^\s<>""'()\[\]]+", Ci, TimeoutMs)]
    private static partial Regex UrlWithScheme();

    [GeneratedRegex(@"\bwww\.[^\s<>""'()\[\]]+", Ci, TimeoutMs)]
    private static partial Regex UrlWithWww();

    // Any host with a path, whatever its top-level domain: "linktr.ee/name", "solo.to/name", "msha.ke/shop".
    [GeneratedRegex(@"(?<![\w@./-])(?:[A-Z0-9-]{1,63}\.)+[A-Z]{2,6}/[^\s<>""'()\[\]]*[\w/]", Ci, TimeoutMs)]
    private static partial Regex DomainWithPath();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)", Cs, TimeoutMs)]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-F]{0,4}:){2,7}[0-9A-F]{0,4}(?![\w:])", Ci, TimeoutMs)]
    private static partial Regex Ipv6Candidate();

    // ---- Numbers with context ----

    [GeneratedRegex(@"(?<![\d-])(?:\d{3}-\d{2}-\d{4}|\d{3}\s\d{2}\s\d{4})(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex SsnShaped();

    // A UK National Insurance number in any case, with or without spaces or hyphens: "QQ 12 34 56 C", "ab123456d".
    // Any two letters, not only the prefixes HMRC issues: the specimen prefix "QQ" is what people copy into forms.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}(?:[\s-]?\d{2}){3}[\s-]?[A-D](?![A-Za-z0-9])", Ci, TimeoutMs)]
    private static partial Regex NationalInsuranceNumber();

    // An Australian Medicare card number: ten digits as 4-5-1, with the card's issue number after it or not.
    [GeneratedRegex(@"(?<![\d-])\d{4}\s?\d{5}\s?\d(?:\s?[/-]\s?\d)?(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex MedicareCardNumber();

    // A current UK number plate in capitals: "LK19 XRF", "YA21FGH".
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}\s?[A-Z]{3}(?![A-Za-z0-9])", Cs, TimeoutMs)]
    private static partial Regex UkNumberPlate();

    [GeneratedRegex(@"\b(?:SSNs?|social\s+security(?:\s+(?:number|num|no|card))?|SS\s?#)" + Filler + Id, Ci, TimeoutMs)]
    private static partial Regex SsnContext();

    [GeneratedRegex(
        @"\b(?:MRNs?|medical\s+records?(?:\s+(?:number|num|no))?|records?|chart|patient\s+(?:id|number|no)|hospital\s+(?:number|no|id)|case|file\s+(?:number|no)|client\s+(?:id|number)|student\s+(?:id|number)|docket|encounter|ID|I\.D\.|identification|orders?|matter|claim|petition|proceedings|court\s+(?:file|ref|number|no))" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex RecordContext();

    [GeneratedRegex(
        @"\b(?:health\s+plan|health\s+insurance|member(?:ship)?|policy|medicaid|medicare|insurance|insurer|subscriber|group\s+(?:number|no|id)|beneficiary|plan\s+(?:id|number|no)|MBI|CHIP|tricare|BCBS|aetna|cigna|humana|anthem|unitedhealthcare|optum|molina|kaiser)" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex HealthPlanContext();

    [GeneratedRegex(
        @"\b(?:accounts?|acct|a/c|bank|routing|iban|cards?|credit\s+card|debit\s+card|visa|mastercard|amex|invoice|billing|payment|paypal|venmo|checking|savings)" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex AccountContext();

    [GeneratedRegex(
        @"\b(?:licen[cs]e(?!\s+plates?)|DL|certificate|certification|cert|NPI|DEA|permit|passport|credential|lic)" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex LicenceContext();

    [GeneratedRegex(
        @"\b(?:licen[cs]e\s+plates?|plates?|number\s*plates?|reg\s+plates?|tags?|registration|reg|rego|VIN|vehicle(?:\s+(?:id|number))?|car|truck|van|minivan|sedan|SUV|ute)" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex VehicleContext();

    [GeneratedRegex(
        @"\b(?:serial(?:\s+(?:number|num|no))?|S/N|SN|device(?:\s+(?:id|number))?|IMEI|MEID|UDID|model(?:\s+(?:number|no))?|pacemaker|implant|pump|hearing\s+aids?|monitor|tablet|laptop|ipad|iphone|asset\s+tag|cochlear|wheelchair)" + Filler + Id,
        Ci, TimeoutMs)]
    private static partial Regex DeviceContext();

    // A vehicle identification number: 17 capitals and digits, never I, O or Q.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?=[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9]))(?=[A-Z0-9]*\d)(?=[0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17}", Cs, TimeoutMs)]
    private static partial Regex Vin();

    [GeneratedRegex(@"(?<![\w:-])[0-9A-F]{2}(?:[:-][0-9A-F]{2}){5}(?![\w:-])", Ci, TimeoutMs)]
    private static partial Regex MacAddress();

    [GeneratedRegex(@"(?<![\d-])(?:\d{4}(?:[ -]\d{4}){3}|\d{4}[ -]\d{6}[ -]\d{5})(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b", Cs, TimeoutMs)]
    private static partial Regex Iban();

    // ---- Phone and fax ----

    [GeneratedRegex(@"\bfax(?:ed|ing|es)?(?:\s+(?:number|num|no|line|machine))?(?:[\s:#.,(-]+[a-z']+){0,6}?[\s:#.,=-]*" + PhoneNumber, Ci, TimeoutMs)]
    private static partial Regex FaxContext();

    [GeneratedRegex(
        @"\b(?:phone|cell|cellphone|mobile|tel|telephone|number|call(?:ed|ing|s)?|text(?:ed|ing|s)?|reach(?:ed)?|dial(?:ed|led)?|whatsapp|ring|rang|landline|hotline|voicemail)(?:[\s:#.,(-]+[a-z']+){0,4}?[\s:#.,=-]*(?<id>\+?\(?\d[\d\s().-]{5,18}\d)(?![\w/]|[.-]\d)",
        Ci, TimeoutMs)]
    private static partial Regex PhoneContext();

    [GeneratedRegex(@"(?<![\w+/.-])" + PhoneNumber, Ci, TimeoutMs)]
    private static partial Regex PhoneShaped();

    // ---- ZIP codes ----

    [GeneratedRegex(@"\b(?:zip(?:\s*code)?|postal\s+code|post\s*code)" + Filler + @"(?<id>\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b", Ci, TimeoutMs)]
    private static partial Regex ZipContext();

    [GeneratedRegex(@"(?<![\d-])\d{5}-\d{4}(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex ZipPlusFour();

    [GeneratedRegex(@"(?<=\b[A-Z]{2}\.?,?\s{1,2})\d{5}(?:-\d{4})?(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex ZipAfterStateAbbreviation();

    [GeneratedRegex(@"(?<=\b[A-Z][a-z]+,?\s)\d{5}(?:-\d{4})?(?![\d,.-]\d|\d)", Cs, TimeoutMs)]
    private static partial Regex ZipAfterPlaceWord();

    [GeneratedRegex(@"(?<![\d.,])\d{5}(?=\s+(?:area|zip|neighbou?rhood|postcode|postal))", Ci, TimeoutMs)]
    private static partial Regex ZipBeforeAreaWord();

    [GeneratedRegex(
        @"(?<=\b(?:in|near|from|around|to|lives|area|zip)\s+(?:the\s+)?)\d{5}(?![\d,.-]\d|\d|\s*(?:people|dollars|steps|words|times|students|calls|visits|miles|hours|minutes|members|children|kids|cases|families|%|percent))",
        Ci, TimeoutMs)]
    private static partial Regex ZipAfterPreposition();

    // A UK postcode with its space in any case ("bt7 1nn"), or without it in capitals ("SW1A1AA").
    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b", Ci, TimeoutMs)]
    private static partial Regex UkPostcode();

    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}\b", Cs, TimeoutMs)]
    private static partial Regex UkPostcodeNoSpace();

    // An Irish Eircode: a routing key ("D08", "A65", "D6W") and four characters, in capitals, or in any case after "eircode".
    [GeneratedRegex(@"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}\b", Cs, TimeoutMs)]
    private static partial Regex Eircode();

    [GeneratedRegex(@"\beir\s?code" + Filler + @"(?<id>(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4})\b", Ci, TimeoutMs)]
    private static partial Regex EircodeContext();

    // A Canadian postal code, letter-digit-letter digit-letter-digit, in any case: "M5V 2T6", "k1a0b1".
    [GeneratedRegex(@"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][\s-]?\d[ABCEGHJ-NPRSTV-Z]\d\b", Ci, TimeoutMs)]
    private static partial Regex CanadianPostalCode();

    // An Australian postcode after its state: "NSW 2026", "Vic. 3000".
    [GeneratedRegex(@"(?<=\b(?:NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT)\.?,?\s{1,2})\d{4}(?![\d-])", Cs, TimeoutMs)]
    private static partial Regex AustralianPostcode();

    // ---- Dates (a year alone is kept; weekdays and "yesterday" are kept) ----

    [GeneratedRegex(@"\b" + Month + @"\s+" + Day + @"(?![\d:])(?:\s*[-–]\s*" + Day + @")?(?:(?:,\s*|\s+)" + Year + @"\b)?", Ci, TimeoutMs)]
    private static partial Regex DateMonthFirst();

    [GeneratedRegex(@"\b(?:the\s+)?" + Day + @"\s+(?:of\s+)?" + Month + @"(?:(?:,\s*|\s+)" + Year + @"\b)?", Ci, TimeoutMs)]
    private static partial Regex DateDayFirst();

    [GeneratedRegex(@"\b" + Month + @"(?:,\s*|\s+)(?:of\s+)?(?:\d{4}|'\d{2})\b", Ci, TimeoutMs)]
    private static partial Regex DateMonthYear();

    // 3/14, 3/14/24, 03-14-2024, 14.03.2024 (a bare "3-4" or "3.5" is a range or a decimal, not a date).
    [GeneratedRegex(
        @"(?<![\d./-])(?:(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])(?:/(?:\d{4}|\d{2}))?|(?:0?[1-9]|[12]\d|3[01])(?<sep>[.-])(?:0?[1-9]|[12]\d|3[01])\k<sep>(?:\d{4}|\d{2}))(?![\d/]|[.-]\d)",
        Cs, TimeoutMs)]
    private static partial Regex DateNumeric();

    [GeneratedRegex(@"(?<![\d./-])\d{4}(?<sep>[-/.])(?:0?[1-9]|1[0-2])\k<sep>(?:0?[1-9]|[12]\d|3[01])(?![\d/]|[.-]\d)", Cs, TimeoutMs)]
    private static partial Regex DateIso();

    // "on the 9th"; and a weekday with a day of the month, with or without "the", taken whole ("Weds the 17th",
    // "Thursday 23rd"): together they name one day.
    [GeneratedRegex(@"(?:(?<=\b(?:on|by|until|till|since|before|after|from|through|of),?\s+the\s+)|\b" + Weekday + @"\.?,?\s+(?:the\s+)?)(?:[12]?\d|3[01])(?:st|nd|rd|th)\b", Ci, TimeoutMs)]
    private static partial Regex DateOrdinalDay();

    [GeneratedRegex(@"\b" + Weekday + @"\.?,?\s+(?:the\s+)?", Ci, TimeoutMs)]
    private static partial Regex WeekdayBeforeDate();

    // A day spelled out with its month, in any case: "the fifth of may", "March the twenty-first".
    [GeneratedRegex(
        @"\b(?:(?:the\s+)?" + SpelledOrdinal + @"\s+(?:of\s+)?" + MonthAnyCase + @"|" + MonthAnyCase + @"\s+(?:the\s+)?" + SpelledOrdinal + @")\b",
        Ci, TimeoutMs)]
    private static partial Regex DateSpelledDay();

    // "set for the twenty-ninth", "on the fourteenth": a day of the month spelled alone (from the eleventh on, since "the
    // first" and "the second" are ordinary), unless a word after makes it a century, an hour or a floor.
    [GeneratedRegex(
        @"\bthe\s+(?<id>(?:eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)))\b(?!\s+(?:century|centuries|hour|floor|time|times|percentile|place|step|row|birthday|anniversary|amendment))",
        Ci, TimeoutMs)]
    private static partial Regex SpelledOrdinalDay();

    // "Wed 05.11", "friday 3.4": a weekday makes a day and month of a dotted pair.
    [GeneratedRegex(@"\b" + Weekday + @"\.?,?\s+(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])(?![\d/]|[.-]\d)", Ci, TimeoutMs)]
    private static partial Regex DottedDateAfterWeekday();

    // "birthday is 23.08", "dob 4.11", "court date 12.3": a word about a date makes a day and month of a dotted pair.
    [GeneratedRegex(
        @"\b(?:birthday|bday|b'day|b-day|dob|d\.o\.b\.?|born|due|anniversary|hearing|court|date|appt|appointment)\b(?:\s+(?:is|was|on|will\s+be|falls\s+on|date|set\s+for|for))*[\s:,-]*(?<id>(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2]))(?![\d/]|[.-]\d)",
        Ci, TimeoutMs)]
    private static partial Regex DottedDateInContext();

    // A month alone is an element of a date. "May" only where it cannot be the verb: "in May", "mid-May".
    [GeneratedRegex(@"\b(?:January|February|March|April|June|July|August|September|October|November|December|Sept)\b", Cs, TimeoutMs)]
    private static partial Regex MonthAlone();

    [GeneratedRegex(@"(?<=\b(?i:in|since|until|till|early|late|mid|last|next|this|of|during|by|before|after|through|from|to|around)[\s-]+)May\b", Cs, TimeoutMs)]
    private static partial Regex MayAlone();

    // ---- Ages over 89 ----

    [GeneratedRegex(@"(?<![\d.])" + AgeNumber + @"(?:[\s-]*(?:years?|yrs?)[\s-]*(?:old|of\s+age)|\s*(?:yo|y/o|y\.o\.?))(?!\w)", Ci, TimeoutMs)]
    private static partial Regex AgeYearsOld();

    [GeneratedRegex(@"\b(?:aged?|age:)\s*(?<id>" + AgeNumber + @")(?!\d)", Ci, TimeoutMs)]
    private static partial Regex AgeAfterAged();

    [GeneratedRegex(@"\b(?:is|was|turned|turns|turning|be|being|now|nearly|almost|reached|reaches|reaching|she's|he's|they're)\s+(?<id>" + AgeNumber + @")\b" + NotAnAge, Ci, TimeoutMs)]
    private static partial Regex AgeAfterVerb();

    // An age in brackets after a person, as notes write it: "great-gran (94)", "nan (101)"; not a score or a measure
    // ("IQ (95)", "total was (92)").
    [GeneratedRegex(@"(?<!\b(?:scores?|scored|iq|fsiq|total|scale|index|composite|standard|percentile|average|range|rate|was|is|were|of|at|to|about|around|approx|mins?|minutes|pages?|p|n|bpm|weight|height|kg|lbs?|cm|%)\s*)\(\s*(?<id>" + AgeNumber + @")\s*\)", Ci, TimeoutMs)]
    private static partial Regex AgeInBrackets();

    // A rough age past 89: "ninety-something", "90-odd", "9o something", "90+", "90ish".
    [GeneratedRegex(@"(?<![\d.])(?:9[0o]|ninety)(?:[\s-]?(?:something|odd|ish)\b|\s?\+|\s?plus\b)" + NotAnAge, Ci, TimeoutMs)]
    private static partial Regex AgeRoughly();

    [GeneratedRegex(@"\b" + SpelledAge + @"[\s-]+years?[\s-]+old\b", Ci, TimeoutMs)]
    private static partial Regex AgeSpelled();

    [GeneratedRegex(@"\b(?:is|was|turned|turns|turning|be|now|nearly|almost|aged?)\s+(?<id>" + SpelledAge + @")\b" + NotAnAge, Ci, TimeoutMs)]
    private static partial Regex AgeSpelledAfterVerb();

    [GeneratedRegex(@"\bin\s+(?:her|his|their|my|your)\s+(?<id>(?:early\s+|late\s+|mid-?\s*)?(?:nineties|90s|'90s|hundreds))\b|\b(?:centenarian|nonagenarian)s?\b", Ci, TimeoutMs)]
    private static partial Regex AgeDecade();

    /// <summary>
    /// A phone number read out in words: "oh two one four four eight nine three oh two", "zero eight two, five five five...".
    /// Seven digit words in a run at least, with an "oh", a "zero" or a "double" among them or ten words or more, so that
    /// counting aloud ("one two three four five six seven") stays.
    /// </summary>
    private static void AddSpelledPhones(string text, List<Detection> found)
    {
        foreach (Match match in SpelledDigits().Matches(text))
        {
            var words = match.Value.Split([' ', ',', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
            var spoken = words.Any(w => w.ToLowerInvariant() is "oh" or "zero" or "nought" or "double" or "triple");
            if (spoken || words.Length >= 10)
            {
                found.Add(new Detection(match.Index, match.Index + match.Length, IdentifierKind.Phone));
            }
        }
    }

    private const string DigitWord = @"(?:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple)";

    [GeneratedRegex(@"\b" + DigitWord + @"(?:[\s,.-]+" + DigitWord + @"){6,}\b", Ci, TimeoutMs)]
    private static partial Regex SpelledDigits();

    // ---- Addresses ----

    [GeneratedRegex(@"\b(?:Apt|Apartment|Unit|Suite|Ste)\.?\s*#?\s*(?=[A-Z0-9-]*\d)[A-Z0-9-]+\b", Cs, TimeoutMs)]
    private static partial Regex ApartmentAlone();

    // "PO Box 12", "GPO Box 9", "Private Bag 92019", "Locked Bag 7", "P.O. Box AN 5561": a mail box number, with the
    // post office's letters where it has them (as in Ghana), is an address.
    [GeneratedRegex(@"\b(?:(?:G\.?\s?)?P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|Private\s+Bag|Locked\s+Bag|PMB|CMB)\s*(?:No\.?\s*)?#?\s*(?:(?-i:[A-Z]{1,3})\s?)?\d+", Ci, TimeoutMs)]
    private static partial Regex PostOfficeBox();

    // Rural addresses: "Rt 2 Box 118", "RR 3 Site 7 Box 12", "R.R. 1", "Rural Route 4, Comp 9", New Zealand's "RD 3": a rural route is an address
    // by itself; a road route ("Route 9") only with a box, site or compartment after it.
    [GeneratedRegex(
        @"\b(?:(?:RR|R\.R\.|(?-i:RD|R\.D\.)|Rural\s+(?:Route|Delivery))\s*#?\s*\d+(?:,?\s*(?:Site|Box|Comp|Stn)\.?\s*#?\s*\d+)*|(?:Rt|Rte|Route|HC|Star\s+Route|Hwy)\.?\s*\d+(?:,?\s*(?:Site|Box|Comp)\.?\s*#?\s*\d+)+|Site\s+\d+,?\s+(?:Box|Comp)\s+\d+)",
        Ci, TimeoutMs)]
    private static partial Regex RuralRoute();

    // Grid addresses of the rural Midwest, and numbers on a state highway: "N2135 County Rd K", "W5823 Hwy 21", "2135 County
    // Road KK", "412 State Highway 2".
    [GeneratedRegex(
        @"\b(?:[NSEW]\d{3,5}|\d{2,5})\s+(?:County\s+(?:Rd|Road|Hwy|Highway|Trunk)\.?|CTH|State\s+(?:Rd|Road|Hwy|Highway)|SH|Hwy|Highway)\s+(?:[A-Z]{1,2}|\d{1,3})\b",
        Cs, TimeoutMs)]
    private static partial Regex GridAddress();

    // French street forms: "1450 rue Ontario Est", "22, avenue du Parc", "8 chemin de la Côte-Sainte-Catherine".
    [GeneratedRegex(
        @"\b\d{1,6}[A-Z]?(?:-\d{1,4})?,?\s+(?i:rue|avenue|av\.|boulevard|boul\.?|bd|chemin|ch\.|route|rang|place|allée|allee|impasse|montée|montee|côte|cote|promenade|quai|cours)\s+(?:(?i:de\s+la|de\s+l'|du|des|de|la|le|l'|d')\s*)?[\p{Lu}\d][\p{L}\d'’.-]*(?:\s+[\p{Lu}][\p{L}'’.-]*){0,2}(?:\s+(?:Est|Ouest|Nord|Sud|E|O|N|S)\b)?",
        Cs, TimeoutMs)]
    private static partial Regex FrenchStreetAddress();

    // Indian addresses: "house no 14, 3rd cross, 5th main", "H.No. 4-12/B, Sector 9", "flat 302, block C": a house, flat,
    // door or plot number with the cross, main, sector, block, stage or phase after it.
    [GeneratedRegex(
        @"\b(?:house|h\.?\s?no\.?|flat|door|plot|qtr|quarter)\s*(?:no\.?|number|#)?\s*\d[\w/-]*(?:\s*,?\s*(?:\d+(?:st|nd|rd|th)\s+(?:cross|main|block|stage|phase|sector|floor|lane)(?:\s+(?:road|rd|street|st))?|(?:sector|block|phase|stage|ward|gali|lane)\s+(?:no\.?\s*)?[A-Z0-9]{1,4}\b))+",
        Ci, TimeoutMs)]
    private static partial Regex IndianAddress();

    // "3rd cross, 5th main", "2nd main road", "4th cross": Bangalore-style numbered roads. A numbered "main" needs "road"
    // or a cross before it, since "my 1st main worry" is English.
    [GeneratedRegex(
        @"\b\d+(?:st|nd|rd|th)\s+(?:cross(?:\s+(?:road|rd|street|st))?|main\s+(?:road|rd))\b(?:\s*,?\s*\d+(?:st|nd|rd|th)\s+(?:cross|main|block|stage|phase)(?:\s+(?:road|rd))?\b)*",
        Ci, TimeoutMs)]
    private static partial Regex IndianCrossAndMain();

    // Philippine subdivision addresses: "Blk 7 Lot 3", "Block 12 Lot 40 Phase 1", "B4 L9".
    [GeneratedRegex(
        @"\b(?:(?:Blk|Block)\.?\s*\d+[A-Z]?\s*,?\s*(?:Lot|L)\.?\s*\d+[A-Z]?|(?-i:B)\d{1,3}\s*(?-i:L)\d{1,3})(?:\s*,?\s*(?:Phase|Ph)\.?\s*\d+[A-Z]?)?\b",
        Ci, TimeoutMs)]
    private static partial Regex BlockAndLot();

    // Malaysian and Indonesian streets with their number: "No. 8, Jalan Mawar 3", "12 Jln Bukit Bintang", "No 4, Lorong SS 21/3".
    [GeneratedRegex(
        @"\b(?:No\.?\s*)?\d{1,5}[A-Z]?(?:-\d{1,4})?,?\s+(?i:jalan|jln\.?|jl\.?|lorong|lrg\.?|persiaran|lebuh|lebuhraya|gang)\s+[\p{Lu}\d][\p{L}\d/.-]*(?:\s+[\p{Lu}\d][\p{L}\d/.-]*){0,3}",
        Cs, TimeoutMs)]
    private static partial Regex MalayStreetAddress();

    // South African stands and erven: "stand 2214, zone 6", "erf 1187", "stand no 55".
    [GeneratedRegex(
        @"\b(?:(?:erf|stand)\s+(?:no\.?\s*)?\d+[A-Z]?\s*,?\s*(?:zone|section|extension|ext|phase|block)\s+\d+[A-Z]?|erf\s+(?:no\.?\s*)?\d+|stand\s+(?:no\.?\s*)?\d{3,6})\b",
        Ci, TimeoutMs)]
    private static partial Regex StandAndZone();

    // A court's file number with its year: "FC 112 of 2024", "No. 45 of 2023", "CC 3021/2025", "case 88 of 2024".
    // After a court word earlier in the sentence the prefix may be missing: "the family court file is 318 of 2023".
    [GeneratedRegex(@"(?:\b(?-i:[A-Z]{1,5})\.?\s?|\b(?:no|nos|case|file|matter|order|claim|petition|application)\.?\s*#?\s*|(?<=\b(?:court|order|case|file|matter|claim|petition|docket|proceedings|ref)\b[^.\n]{0,40}))\d{2,6}\s*(?:\bof\b|/)\s*(?:19|20)\d{2}\b", Ci, TimeoutMs)]
    private static partial Regex CourtFileNumber();

    // A case or intake number with a letters-and-hyphen prefix goes whole, prefix and all: "CPS-TX-2025-117482", "DCF-88213".
    [GeneratedRegex(@"\b[A-Z]{2,6}(?:-[A-Z0-9]{1,6})*-\d[\d-]{3,}\d\b", Cs, TimeoutMs)]
    private static partial Regex IdWithLetterPrefix();

    // A house number, a compass point and a street with no street word: "5540 W 87th", "412 NE Halsey".
    [GeneratedRegex(@"\b\d{1,6}[A-Z]?\s+(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?\s+(?:\d{1,3}(?:st|nd|rd|th)|\p{Lu}[\p{L}'’-]+)\b", Cs, TimeoutMs)]
    private static partial Regex AddressWithDirection();

    // Where the house number comes after the street: "Hauptstrasse 5", "Lindenweg 12a", "ul. Lipowa 8", "calle Mayor 3".
    [GeneratedRegex(
        @"\b(?:\p{Lu}\p{L}*(?i:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|laan|straat|gracht|vej|gade|gatan|vägen|veien)|(?i:ul\.|ulica|rue|calle|avenida|av\.|rua|via|viale|piazza|carrer|strada)(?:\s+\p{Lu}[\p{L}'’-]*){1,3})\s+\d{1,4}[a-z]?\b",
        Cs, TimeoutMs)]
    private static partial Regex AddressNumberAfterStreet();
}
