using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>What a person asked the scheduling feature to do.</summary>
public abstract record SchedulingCommand;

/// <param name="Who">Null: for the person themselves. Otherwise names/ids separated by commas, or "group NAME".</param>
/// <param name="Picked">From the form's picker: person keys, "me", or "group:NAME"; null when typed.</param>
public sealed record CreateSchedule(string When, string? Who, IReadOnlyList<string>? Picked = null) : SchedulingCommand;

public sealed record ListSchedules : SchedulingCommand;

/// <param name="Number">The schedule's number in the typed list; <paramref name="Id"/> from a button.</param>
/// <param name="Only">"edit" alone: the form for the person's one schedule.</param>
public sealed record ShowForm(int? Number, long? Id = null, bool Only = false) : SchedulingCommand;

/// <param name="Number">Typed: the position in the person's list. <paramref name="Id"/>: from a list button.</param>
public sealed record ChangeSchedule(string Verb, int? Number, string? When, long? Id = null) : SchedulingCommand;

/// <summary>The form was sent with a time but no day ticked.</summary>
public sealed record IncompleteForm : SchedulingCommand;

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
/// The words are in scheduling-text.json ("commands"); which ones must be the whole message and which
/// take something after them is decided here.
/// </summary>
public sealed partial class SchedulingCommands(SchedulingText text, IOptions<SchedulingOptions> options)
{
    public const string Flow = "scheduling";

    /// <summary>"{delay}" in a phrase is the snooze delay in words, so "remind me in 45 minutes" works when that is the setting.</summary>
    private readonly Dictionary<string, string[]> _words = text.Commands.ToDictionary(
        c => c.Key,
        c => c.Value
            .Select(phrase => phrase.Replace("{delay}", text.Duration(options.Value.SnoozeDelay), StringComparison.Ordinal).ToLowerInvariant())
            .OrderByDescending(phrase => phrase.Length)
            .ToArray(),
        StringComparer.Ordinal);

    public SchedulingCommand? Read(string? typed, JsonObject? submit) =>
        submit is not null ? ReadSubmit(submit) : ReadTyped(typed);

    public static SchedulingCommand? ReadSubmit(JsonObject submit)
    {
        ArgumentNullException.ThrowIfNull(submit);
        if (Str(submit, "flow") != Flow)
        {
            return null;
        }

        var number = int.TryParse(Str(submit, "number"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var schedule = long.TryParse(Str(submit, "schedule"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        var delivery = long.TryParse(Str(submit, "delivery"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : (long?)null;
        var action = Str(submit, "action");
        var when = action == "save" ? FormWhen(submit) : string.Empty;
        if (when is null)
        {
            return new IncompleteForm();
        }

        return action switch
        {
            "snooze" => new Snooze(delivery),
            "skipToday" or "skip" => new SkipToday(delivery),
            "newSchedule" or "form" or "edit" => new ShowForm(number, schedule),
            "pause" or "resume" or "delete" when number is not null || schedule is not null => new ChangeSchedule(action, number, null, schedule),
            "save" when number is not null || schedule is not null => new ChangeSchedule("edit", number, when, schedule),
            // An older form's free-text box ("Sam Rivera, group Trauma Team") still reads as typed names.
            "save" when Str(submit, "who") is { } typed && Picked(typed).Any(v => !IsPicked(v)) => new CreateSchedule(when, typed),
            "save" => new CreateSchedule(when, null, Picked(Str(submit, "who"))),
            _ => new ListSchedules(),
        };
    }

    /// <summary>
    /// The form's timing: its own words when the lead wrote some (a cron line too), otherwise the time and the
    /// ticked days, said the way <see cref="WhenParser"/> reads them. Null: a time without any day.
    /// </summary>
    private static string? FormWhen(JsonObject submit)
    {
        if (Str(submit, "when") is { } words && !string.IsNullOrWhiteSpace(words))
        {
            return words.Trim();
        }

        var time = Str(submit, "time")?.Trim() ?? string.Empty;
        var days = (Str(submit, "days") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 0 and <= 6 ? (DayOfWeek?)day : null)
            .OfType<DayOfWeek>()
            .ToHashSet();
        if (days.Count == 0)
        {
            return time.Length == 0 ? string.Empty : null;
        }

        return $"{WhenParser.DaysPhrase(days)} at {time}";
    }

    /// <summary>Picker values are person keys ("msteams:29:…"), "me" or "group:NAME"; typed names are none of these.</summary>
    private static bool IsPicked(string value) => value == "me" || value.Contains(':', StringComparison.Ordinal);

    private static List<string> Picked(string? values) =>
        [.. (values ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public SchedulingCommand? ReadTyped(string? typed)
    {
        var text = Whitespace().Replace((typed ?? string.Empty).Trim(), " ").TrimEnd('.', '!');
        var lower = text.ToLowerInvariant();
        if (IsWhole("list", lower))
        {
            return new ListSchedules();
        }

        if (IsWhole("form", lower))
        {
            return new ShowForm(null);
        }

        if (IsWhole("settings", lower))
        {
            return new ShowSettings();
        }

        if (IsWhole("skipToday", lower))
        {
            return new SkipToday(null);
        }

        if (IsWhole("snooze", lower))
        {
            return new Snooze(null);
        }

        if (After("remindMe", lower, text) is { } remind)
        {
            return new CreateSchedule(remind.Trim(), null);
        }

        foreach (var verb in ChangeVerbs)
        {
            if (After(verb, lower, text) is { } afterVerb && Number().Match(afterVerb) is { Success: true } number)
            {
                var rest = afterVerb[number.Length..].Trim();
                rest = rest.StartsWith("to ", StringComparison.OrdinalIgnoreCase) ? rest[3..].Trim() : rest;
                return new ChangeSchedule(verb, int.Parse(number.Groups["n"].Value, CultureInfo.InvariantCulture), rest.Length == 0 ? null : rest);
            }
        }

        // A verb alone, as the list's buttons read on a channel without buttons: fine when there is one schedule.
        if (ChangeVerbs.Contains(lower, StringComparer.Ordinal) || ChangeVerbs.Any(verb => IsWhole(verb, lower)))
        {
            var verb = ChangeVerbs.First(v => lower == v || IsWhole(v, lower));
            return verb == "edit" ? new ShowForm(null, null, Only: true) : new ChangeSchedule(verb, null, null);
        }

        if (After("create", lower, text) is { } body)
        {
            // "schedule WHEN for WHO": claimed only when it reads as one, so "schedule is full today" is not ours.
            var split = body.LastIndexOf(" for ", StringComparison.OrdinalIgnoreCase);
            if (split > 0)
            {
                var who = body[(split + 5)..].Trim();
                return new CreateSchedule(body[..split].Trim(), who.Equals("me", StringComparison.OrdinalIgnoreCase) ? null : who);
            }

            return WhenParser.TryParse(body, out _) ? new CreateSchedule(body, null) : null;
        }

        foreach (var (command, make) in Settings)
        {
            if (After(command, lower, text) is { } value)
            {
                return make(value.Trim());
            }
        }

        return null;
    }

    /// <summary>The command names whose words are followed by a schedule's number; each is also the verb ChangeSchedule carries.</summary>
    private static readonly string[] ChangeVerbs = ["pause", "resume", "delete", "edit"];

    private static readonly (string Command, Func<string, SchedulingCommand> Make)[] Settings =
    [
        ("setTimeZone", z => new SetTimeZone(z)),
        ("setWorkingDays", d => new SetWorkingDays(d)),
        ("setAway", a => new SetAway(a)),
    ];

    /// <summary>True when the whole message is one of the command's phrases.</summary>
    private bool IsWhole(string command, string lower) => Words(command).Contains(lower, StringComparer.Ordinal);

    /// <summary>
    /// What follows the command's longest phrase when the message starts with it and more words follow
    /// (so "schedule" does not claim "schedules"), else null. Sliced from the original text, keeping its casing.
    /// </summary>
    private string? After(string command, string lower, string original) =>
        Words(command).FirstOrDefault(phrase => lower.StartsWith(phrase + " ", StringComparison.Ordinal)) is { } found
            ? original[(found.Length + 1)..]
            : null;

    private string[] Words(string command) =>
        _words.TryGetValue(command, out var words) ? words : throw new InvalidOperationException($"scheduling-text.json has no command '{command}'.");

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;

    [GeneratedRegex(@"^(?<n>[0-9]{1,4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
