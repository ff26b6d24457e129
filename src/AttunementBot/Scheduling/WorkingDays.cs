using System.Globalization;

namespace AttunementBot.Scheduling;

/// <summary>"mon-fri", "mon, tue, thu", "weekdays", "every day".</summary>
public static class WorkingDays
{
    private static readonly string[] Prefixes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <param name="days">Null for "every day".</param>
    public static bool TryParse(string text, out IReadOnlySet<DayOfWeek>? days)
    {
        days = null;
        var value = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (value is "every day" or "all" or "daily" or "all days")
        {
            return true;
        }

        if (value is "weekdays")
        {
            value = "mon-fri";
        }

        var set = new HashSet<DayOfWeek>();
        foreach (var part in value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => p != "and"))
        {
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || range.Any(r => Day(r) is null))
            {
                return false;
            }

            var first = (int)Day(range[0])!.Value;
            var last = (int)Day(range[^1])!.Value;
            for (var d = first; ; d = (d + 1) % 7)
            {
                set.Add((DayOfWeek)d);
                if (d == last)
                {
                    break;
                }
            }
        }

        days = set;
        return set.Count > 0;
    }

    public static string Describe(IReadOnlySet<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return string.Join(", ", days.OrderBy(d => ((int)d + 6) % 7).Select(d => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(d)));
    }

    private static DayOfWeek? Day(string word)
    {
        var index = Array.FindIndex(Prefixes, p => word.StartsWith(p, StringComparison.Ordinal));
        return index < 0 ? null : (DayOfWeek)index;
    }
}
