using System.Text;
using AttunementBot.Common;

namespace AttunementBot.Scheduling;

/// <summary>What the prompt card says.</summary>
public sealed record PromptText(string Title, string Body, string ReminderTitle, string ReminderBody, string Start, string Snooze, string Skip);

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

    public required string NotLead { get; init; }

    public required string WhenHelp { get; init; }

    public required string ScheduleHelp { get; init; }

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

    public required string ItemPaused { get; init; }

    public required string ItemExcluded { get; init; }

    public required string ReachedNobody { get; init; }

    public required string ReachedCount { get; init; }

    public required string NoSuchNumber { get; init; }

    public required string Paused { get; init; }

    public required string Resumed { get; init; }

    public required string Deleted { get; init; }

    public required string Edited { get; init; }

    public required string LeadNoteBlocked { get; init; }

    public required string TimeZoneSet { get; init; }

    public required string TimeZoneUnknown { get; init; }

    public required string WorkingDaysSet { get; init; }

    public required string WorkingDaysHelp { get; init; }

    public required string AwaySet { get; init; }

    public required string AwayCleared { get; init; }

    public required string AwayHelp { get; init; }

    public required string SettingsTitle { get; init; }

    public required string SettingsZone { get; init; }

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

    public required string FormWho { get; init; }

    public required string FormSave { get; init; }

    public required string NewScheduleButton { get; init; }

    public required string PauseButton { get; init; }

    public required string ResumeButton { get; init; }

    public required string DeleteButton { get; init; }

    public required string DateFormat { get; init; }

    public required string DayFormat { get; init; }

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
