using System.Text;
using AttunementBot.Common;

namespace AttunementBot.Scheduling;

/// <summary>What the prompt card says.</summary>
public sealed record PromptText(string Title, string Body, string ReminderTitle, string ReminderBody, string Start, string Snooze, string Skip);

/// <summary>Words that change with a count: "1 minute", "{n} minutes".</summary>
public sealed record Plural(string One, string Other)
{
    public string For(int count) => (count == 1 ? One : Other)
        .Replace("{n}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{count}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>Everything the scheduling feature says, from scheduling-text.json.</summary>
public sealed record SchedulingText
{
    /// <summary>The typed command words, by command ("list" → "schedules", "my schedules", …); see SchedulingCommands.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Commands { get; init; }

    public required PromptText Prompt { get; init; }

    public required string Snoozed { get; init; }

    public required string SkippedToday { get; init; }

    public required string AlreadyHandled { get; init; }

    public required string Created { get; init; }

    public required string CreatedSelf { get; init; }

    public required string EachOwnZone { get; init; }

    public required Plural DurationMinutes { get; init; }

    public required Plural DurationHours { get; init; }

    public required string DurationHoursMinutes { get; init; }

    public required Plural ItemSkipped { get; init; }

    public required string ZoneCity { get; init; }

    public required string ZoneUniversal { get; init; }

    public required string ZoneFixed { get; init; }

    public required string ZoneOfPerson { get; init; }

    public required string ZoneOfSelf { get; init; }

    public required string ZoneUnknown { get; init; }

    public required string ZoneUnknownSelf { get; init; }

    public required string NextSpread { get; init; }

    public required string NotLead { get; init; }

    public required string WhenHelp { get; init; }

    public required string ScheduleHelp { get; init; }

    public required string FormNoDays { get; init; }

    public required string FormOneGroup { get; init; }

    public required string FormNobody { get; init; }

    public required string UnknownPerson { get; init; }

    public required string AmbiguousPerson { get; init; }

    public required string UnknownGroup { get; init; }

    public required string PrivateOnly { get; init; }

    public required string ListTitle { get; init; }

    public required string ListEmpty { get; init; }

    public required string ListHint { get; init; }

    public required string ItemFor { get; init; }

    public required string ItemNext { get; init; }

    public required string ItemNoNext { get; init; }

    public required string ItemLast { get; init; }

    public required string ItemNeverRan { get; init; }

    public required string ItemNotSure { get; init; }

    public required string ItemCouldNot { get; init; }

    public required string ItemPending { get; init; }

    public required string ItemPaused { get; init; }

    public required string ItemExcluded { get; init; }

    public required string ReachedNobody { get; init; }

    public required string ReachedCount { get; init; }

    public required string WhichSchedule { get; init; }

    public required string NoSuchNumber { get; init; }

    public required string Paused { get; init; }

    public required string ConfirmDelete { get; init; }

    public required string ConfirmDeleteButton { get; init; }

    public required string EditButton { get; init; }

    public required string Resumed { get; init; }

    public required string Deleted { get; init; }

    public required string Edited { get; init; }

    public required string LeadNoteBlocked { get; init; }

    public required string LeadNoteUnreached { get; init; }

    public required string UnreachedNeverChatted { get; init; }

    public required string UnreachedNoWay { get; init; }

    public required string UnreachedFailed { get; init; }

    public required string UnreachedUncertain { get; init; }

    public required string Someone { get; init; }

    public required string TimeZoneSet { get; init; }

    public required string TimeZoneUnknown { get; init; }

    public required string WorkingDaysSet { get; init; }

    public required string WorkingDaysHelp { get; init; }

    public required string AwaySet { get; init; }

    public required string AwayCleared { get; init; }

    public required string AwayHelp { get; init; }

    public required string SettingsTitle { get; init; }

    public required string SettingsZone { get; init; }

    public required string SettingsZoneKnown { get; init; }

    public required string SettingsZoneUnknown { get; init; }

    public required string SettingsDays { get; init; }

    public required string SettingsAway { get; init; }

    public required string SettingsEveryDay { get; init; }

    public required string SettingsNotAway { get; init; }

    public required string SettingsSave { get; init; }

    public required string SettingsAwayFrom { get; init; }

    public required string SettingsAwayUntil { get; init; }

    public required string FormTitle { get; init; }

    public required string FormEditTitle { get; init; }

    public required string FormWhen { get; init; }

    public required string FormTime { get; init; }

    public required string FormDays { get; init; }

    public required string FormWhoPlaceholder { get; init; }

    public required string FormMe { get; init; }

    public required string FormGroup { get; init; }

    public required string FormWho { get; init; }

    public required string FormSave { get; init; }

    public required IReadOnlyList<string> DayNames { get; init; }

    public required string NewScheduleButton { get; init; }

    public required string PauseButton { get; init; }

    public required string ResumeButton { get; init; }

    public required string DeleteButton { get; init; }

    public required string DateFormat { get; init; }

    public required string DayFormat { get; init; }

    /// <summary>A delay in words: "1 minute", "30 minutes", "an hour", "an hour and 30 minutes".</summary>
    public string Duration(TimeSpan delay)
    {
        var hours = (int)delay.TotalHours;
        var minutes = delay.Minutes;
        return hours == 0 ? DurationMinutes.For((int)delay.TotalMinutes)
            : minutes == 0 ? DurationHours.For(hours)
            : Format(DurationHoursMinutes, ("hours", DurationHours.For(hours)), ("minutes", DurationMinutes.For(minutes)));
    }

    public static SchedulingText Load() => EmbeddedData.Load<SchedulingText>("Scheduling/scheduling-text.json");

    /// <summary>Fills {name} placeholders; an unknown placeholder stays as it is, so a typo shows in tests.</summary>
    public static string Format(string template, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
