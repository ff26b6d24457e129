namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// A street with no street word ("51 Kingsway", "23 Tolka View", "31 Bellevue") is found as a name or a place, and
/// the house number beside it would be left behind as half of the address: the number goes with the removal, before
/// the street or after it where the number follows ("Lipowa 8, Lublin").
/// </summary>
internal static class HouseNumbers
{
    /// <param name="covered">What is already removed: a number that belongs to a date or a phone stays with it.</param>
    public static Detection Widen(string text, Detection detection, bool[] covered)
    {
        if (detection.Kind is not (IdentifierKind.Name or IdentifierKind.Place or IdentifierKind.Organisation))
        {
            return detection;
        }

        if (NumberBefore(text, detection.Start) is { } start && !covered[start])
        {
            return detection with { Start = start, Anchor = Math.Min(start, detection.Anchor), Kind = IdentifierKind.Place };
        }

        if (detection.Kind != IdentifierKind.Organisation && NumberAfter(text, detection.End) is { } end && !covered[end - 1])
        {
            return detection with { End = end, Kind = IdentifierKind.Place };
        }

        return detection;
    }

    /// <summary>"23 " before the street: one to five digits and at most one letter, a word of its own, not a time ("10:30").</summary>
    private static int? NumberBefore(string text, int start)
    {
        var i = start;
        while (i > 0 && text[i - 1] == ' ' && start - i < 2)
        {
            i--;
        }

        if (i == start)
        {
            return null;
        }

        if (i > 0 && char.IsAsciiLetter(text[i - 1]) && i > 1 && char.IsAsciiDigit(text[i - 2]))
        {
            i--;
        }

        var digitsEnd = i;
        while (i > 0 && char.IsAsciiDigit(text[i - 1]) && digitsEnd - i < 6)
        {
            i--;
        }

        var digits = digitsEnd - i;
        return digits is >= 1 and <= 5 && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or ',') ? i : null;
    }

    /// <summary>" 8" after the street, then the end of the address: a comma, a full stop, a bracket or the end.</summary>
    private static int? NumberAfter(string text, int end)
    {
        if (end + 1 >= text.Length || text[end] != ' ' || !char.IsAsciiDigit(text[end + 1]))
        {
            return null;
        }

        var i = end + 1;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - end <= 5)
        {
            i++;
        }

        if (i - end - 1 > 4)
        {
            return null;
        }

        if (i < text.Length && char.IsAsciiLetterLower(text[i]) && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
        {
            i++;
        }

        var closes = i == text.Length || text[i] is ',' or ';' or ')' || (text[i] == '.' && (i + 1 == text.Length || !char.IsAsciiDigit(text[i + 1])));
        return closes ? i : null;
    }
}
