using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttunementBot.Scheduling;

/// <summary>What a person asked the scheduling feature to do.</summary>
public abstract record SchedulingCommand;

/// <param name="Who">Null: for the person themselves. Otherwise names/ids separated by commas, or "group NAME".</param>
public sealed record CreateSchedule(string When, string? Who) : SchedulingCommand;

public sealed record ListSchedules : SchedulingCommand;

public sealed record ShowForm(int? Number) : SchedulingCommand;

public sealed record ChangeSchedule(string Verb, int Number, string? When) : SchedulingCommand;

public sealed record SetTimeZone(string Zone) : SchedulingCommand;

public sealed record SetWorkingDays(string Days) : SchedulingCommand;

public sealed record SetAway(string Text) : SchedulingCommand;

public sealed record ShowSettings : SchedulingCommand;

/// <param name="Delivery">The prompt the button was on; null when typed (the latest prompt).</param>
public sealed record Snooze(long? Delivery) : SchedulingCommand;

public sealed record SkipToday(long? Delivery) : SchedulingCommand;

/// <summary>
/// Recognises the feature's own messages and nothing else: card submits with <c>"flow": "scheduling"</c>,
/// and typed text that starts with one of its distinct command words. Ordinary sentences are left alone.
/// </summary>
public sealed partial class SchedulingCommands
{
    public const string Flow = "scheduling";

    public static SchedulingCommand? Read(string? typed, JsonObject? submit) =>
        submit is not null ? ReadSubmit(submit) : ReadTyped(typed);

    public static SchedulingCommand? ReadSubmit(JsonObject submit)
    {
        ArgumentNullException.ThrowIfNull(submit);
        if (Str(submit, "flow") != Flow)
        {
            return null;
        }

        var number = int.TryParse(Str(submit, "number"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var delivery = long.TryParse(Str(submit, "delivery"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : (long?)null;
        return Str(submit, "action") switch
        {
            "snooze" => new Snooze(delivery),
            "skipToday" or "skip" => new SkipToday(delivery),
            "newSchedule" or "form" => new ShowForm(number),
            "save" when number is { } edit => new ChangeSchedule("edit", edit, Str(submit, "when") ?? string.Empty),
            "save" => new CreateSchedule(Str(submit, "when") ?? string.Empty, string.IsNullOrWhiteSpace(Str(submit, "who")) ? null : Str(submit, "who")),
            "list" => new ListSchedules(),
            _ => new ListSchedules(),
        };
    }

    public static SchedulingCommand? ReadTyped(string? typed)
    {
        var text = Whitespace().Replace((typed ?? string.Empty).Trim(), " ").TrimEnd('.', '!');
        var lower = text.ToLowerInvariant();
        switch (lower)
        {
            case "schedules" or "my schedules" or "list schedules" or "show schedules":
                return new ListSchedules();
            case "schedule" or "new schedule":
                return new ShowForm(null);
            case "settings" or "my settings" or "prompt settings":
                return new ShowSettings();
            case "skip today":
                return new SkipToday(null);
            case "snooze" or "remind me later" or "remind me in 30 minutes":
                return new Snooze(null);
        }

        if (lower.StartsWith("remind me ", StringComparison.Ordinal))
        {
            return new CreateSchedule(text["remind me ".Length..].Trim(), null);
        }

        var change = Change().Match(lower);
        if (change.Success)
        {
            var rest = text[change.Length..].Trim();
            rest = rest.StartsWith("to ", StringComparison.OrdinalIgnoreCase) ? rest[3..].Trim() : rest;
            return new ChangeSchedule(change.Groups["verb"].Value, int.Parse(change.Groups["n"].Value, CultureInfo.InvariantCulture), rest.Length == 0 ? null : rest);
        }

        if (lower.StartsWith("schedule ", StringComparison.Ordinal))
        {
            // "schedule WHEN for WHO": claimed only when it reads as one, so "schedule is full today" is not ours.
            var body = text["schedule ".Length..];
            var split = body.LastIndexOf(" for ", StringComparison.OrdinalIgnoreCase);
            if (split > 0)
            {
                var who = body[(split + 5)..].Trim();
                return new CreateSchedule(body[..split].Trim(), who.Equals("me", StringComparison.OrdinalIgnoreCase) ? null : who);
            }

            return WhenParser.TryParse(body, out _) ? new CreateSchedule(body, null) : null;
        }

        foreach (var (prefix, make) in Settings)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                return make(text[prefix.Length..].Trim());
            }
        }

        return null;
    }

    private static readonly (string Prefix, Func<string, SchedulingCommand> Make)[] Settings =
    [
        ("set time zone ", z => new SetTimeZone(z)),
        ("set timezone ", z => new SetTimeZone(z)),
        ("set working days ", d => new SetWorkingDays(d)),
        ("set away ", a => new SetAway(a)),
    ];

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;

    [GeneratedRegex(@"^(?<verb>pause|resume|delete|edit) schedule (?<n>\d{1,4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Change();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
