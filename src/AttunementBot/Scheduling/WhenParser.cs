using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace AttunementBot.Scheduling;

/// <summary>When a schedule runs: a five-field cron line in local time, how to say it, and an optional fixed zone.</summary>
/// <param name="TimeZone">IANA name when one was given ("… in Europe/London"); null = each recipient's own zone.</param>
public sealed record CronSpec(string Cron, string Description, string? TimeZone)
{
    public CronExpression Expression => CronExpression.Parse(Cron);
}

/// <summary>
/// Reads the natural forms people type ("weekdays at 17:30", "every Tuesday and Thursday at 16:00",
/// "daily at 9", "mondays at 8:15am") or a raw five-field cron line, optionally followed by
/// "in Area/City". Cron times are local; Cronos computes them in a zone, DST included.
/// </summary>
public static partial class WhenParser
{
    private static readonly (string Prefix, DayOfWeek Day)[] DayNames =
    [
        ("mon", DayOfWeek.Monday), ("tue", DayOfWeek.Tuesday), ("wed", DayOfWeek.Wednesday), ("thu", DayOfWeek.Thursday),
        ("fri", DayOfWeek.Friday), ("sat", DayOfWeek.Saturday), ("sun", DayOfWeek.Sunday),
    ];

    public static bool TryParse(string? text, out CronSpec spec)
    {
        spec = null!;
        var input = (text ?? string.Empty).Trim().TrimEnd('.', '!');
        string? zone = null;
        var zoned = ZoneSuffix().Match(input);
        if (zoned.Success)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoned.Groups["zone"].Value, out _))
            {
                return false;
            }

            zone = zoned.Groups["zone"].Value;
            input = input[..zoned.Index].Trim();
        }

        var raw = input.StartsWith("cron ", StringComparison.OrdinalIgnoreCase) ? input[5..].Trim() : input;
        if (RawCron().IsMatch(raw))
        {
            if (!CronExpression.TryParse(raw, CronFormat.Standard, out _))
            {
                return false;
            }

            spec = new CronSpec(raw, $"cron {raw}", zone);
            return true;
        }

        var natural = Natural().Match(input.ToLowerInvariant());
        if (!natural.Success || !TryTime(natural.Groups["time"].Value, out var hour, out var minute)
            || !TryDays(natural.Groups["days"].Value.Trim(), out var days, out var daysText))
        {
            return false;
        }

        var dow = days.Count == 7 ? "*" : string.Join(',', days.Order().Select(d => ((int)d).ToString(CultureInfo.InvariantCulture)));
        var cron = string.Create(CultureInfo.InvariantCulture, $"{minute} {hour} * * {dow}");
        spec = new CronSpec(cron, string.Create(CultureInfo.InvariantCulture, $"{daysText} at {hour:00}:{minute:00}"), zone);
        return true;
    }

    /// <summary>Days as this parser reads them: "daily", "weekdays", "weekends", or "mon, wed".</summary>
    public static string DaysPhrase(IReadOnlySet<DayOfWeek> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return days.Count switch
        {
            7 => "daily",
            5 when !days.Contains(DayOfWeek.Saturday) && !days.Contains(DayOfWeek.Sunday) => "weekdays",
            2 when days.Contains(DayOfWeek.Saturday) && days.Contains(DayOfWeek.Sunday) => "weekends",
            _ => string.Join(", ", days.OrderBy(d => ((int)d + 6) % 7).Select(d => DayNames.First(n => n.Day == d).Prefix)),
        };
    }

    /// <summary>The time and days of a schedule this parser made ("30 17 * * 1,2,3"), for the form; null for other cron lines.</summary>
    public static (string Time, IReadOnlySet<DayOfWeek> Days)? Parts(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var fields = cron.Split(' ');
        if (fields.Length != 5 || fields[2] != "*" || fields[3] != "*"
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
        {
            return null;
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in fields[4] == "*" ? ["0", "1", "2", "3", "4", "5", "6"] : fields[4].Split(','))
        {
            if (!int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d > 6)
            {
                return null;
            }

            days.Add((DayOfWeek)d);
        }

        return (string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}"), days);
    }

    private static bool TryTime(string text, out int hour, out int minute)
    {
        hour = minute = 0;
        var m = Time().Match(text.Replace(" ", string.Empty, StringComparison.Ordinal));
        if (!m.Success)
        {
            return false;
        }

        hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = m.Groups["ampm"].Value;
        if (meridiem.Length > 0)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (meridiem.StartsWith('p') ? 12 : 0);
        }

        return hour is >= 0 and <= 23 && minute is >= 0 and <= 59;
    }

    private static bool TryDays(string text, out HashSet<DayOfWeek> days, out string description)
    {
        days = [];
        description = text;
        switch (text)
        {
            case "" or "daily" or "every day" or "each day" or "everyday":
                days = [.. Enum.GetValues<DayOfWeek>()];
                description = "every day";
                return true;
            case "weekdays" or "every weekday" or "on weekdays" or "each weekday":
                days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
                description = "weekdays";
                return true;
            case "weekends" or "every weekend" or "on weekends":
                days = [DayOfWeek.Saturday, DayOfWeek.Sunday];
                description = "weekends";
                return true;
        }

        var words = DayList().Replace(text, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            var match = DayNames.Where(d => word.StartsWith(d.Prefix, StringComparison.Ordinal) && word.Length <= 10).Select(d => (DayOfWeek?)d.Day).FirstOrDefault();
            if (match is null)
            {
                return false;
            }

            days.Add(match.Value);
        }

        if (days.Count == 0)
        {
            return false;
        }

        var names = days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()).ToList();
        description = "every " + (names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1]);
        return true;
    }

    /// <summary>"… in Europe/London" (IANA names have a slash, or are UTC).</summary>
    [GeneratedRegex(@"\s+in\s+(?<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+|UTC)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ZoneSuffix();

    [GeneratedRegex(@"^\S+\s+\S+\s+\S+\s+\S+\s+\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex RawCron();

    /// <summary>"[days] at TIME" or "[days] TIME": the days part may be empty ("at 9").</summary>
    [GeneratedRegex(@"^(?<days>[a-z ,]*?)\s*(?:at\s+)?(?<time>\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Natural();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?:[:.](?<m>\d{2}))?(?<ampm>am|pm|a\.m\.|p\.m\.)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    /// <summary>Joining words between day names: "every Tuesday and Thursday", "on mon, wed".</summary>
    [GeneratedRegex(@"\b(?:every|each|on|and)\b|,", RegexOptions.CultureInvariant)]
    private static partial Regex DayList();
}
