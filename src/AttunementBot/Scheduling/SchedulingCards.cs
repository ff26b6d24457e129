using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AttunementBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>Data for cards/scheduling-prompt.json. No snooze button means the card cannot be snoozed again.</summary>
public sealed record PromptCard(string Title, string Body, string Delivery, PromptActions Actions)
{
    public const string Template = "scheduling-prompt";
}

public sealed record PromptActions(
    string Start,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Snooze,
    string Skip);

/// <summary>Data for cards/scheduling-list.json.</summary>
/// <param name="Typed">A channel without buttons: the hint says what to type instead.</param>
public sealed record ScheduleListCard(string Title, string FallbackText, IReadOnlyList<ScheduleListItem> Items, string Hint, bool Typed, string NewSchedule, ScheduleListButtons Buttons)
{
    public const string Template = "scheduling-list";
}

/// <param name="Schedule">The schedule's id: a button acts on that schedule even after the list has changed.</param>
public sealed record ScheduleListItem(int Number, long Schedule, string Title, string Details, bool Paused);

public sealed record ScheduleListButtons(string Pause, string Resume, string Edit, string Delete, string ConfirmDelete, string ConfirmDeleteButton);

/// <summary>Data for cards/scheduling-form.json: create (Schedule empty) or change a schedule.</summary>
/// <param name="Days">The chosen days as the ChoiceSet's comma-separated values ("1,2,3,4,5").</param>
public sealed record ScheduleFormCard(
    string Title,
    string TimeLabel,
    string Time,
    string DaysLabel,
    string Days,
    IReadOnlyList<FormChoice> DayChoices,
    string WhenLabel,
    string When,
    bool ShowWho,
    string WhoLabel,
    string WhoPlaceholder,
    IReadOnlyList<FormChoice> WhoChoices,
    string Save,
    string Schedule)
{
    public const string Template = "scheduling-form";

    /// <summary>
    /// In Teams the people picker also searches as the lead types: its ChoiceSet gets a <c>Data.Query</c>, which
    /// Teams answers with an <c>application/search</c> invoke (<see cref="PeopleSearchInvoke"/>). The query is
    /// Adaptive Cards 1.6, which Teams honours in the 1.5 cards it renders and other hosts would reject, so it is
    /// added for Teams only, after binding, rather than written into the 1.5 template.
    /// </summary>
    public static void AddTeamsTypeahead(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        foreach (var picker in (card["body"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)e["id"] == "who"))
        {
            picker["choices.data"] = new JsonObject { ["type"] = "Data.Query", ["dataset"] = PeopleSearch.Dataset };
        }
    }
}

public sealed record FormChoice(string Title, string Value);

/// <summary>Builds what the scheduler sends: the prompt, its reminder and snoozed copy, the note to a lead.</summary>
public sealed class SchedulingMessages(CardLibrary cards, SchedulingText text, IOptions<SchedulingOptions> options)
{
    public IActivity Prompt(Delivery delivery, string channelId)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var reminder = delivery.Kind == DeliveryKind.Reminder;
        var card = new PromptCard(
            reminder ? text.Prompt.ReminderTitle : text.Prompt.Title,
            reminder ? text.Prompt.ReminderBody : text.Prompt.Body,
            delivery.Id.ToString(CultureInfo.InvariantCulture),
            new PromptActions(
                text.Prompt.Start,
                delivery.Kind == DeliveryKind.Prompt ? SchedulingText.Format(text.Prompt.Snooze, ("delay", text.Duration(options.Value.SnoozeDelay))) : null,
                text.Prompt.Skip));
        return ChannelRenderer.ToActivity(cards.Render(PromptCard.Template, card), channelId);
    }

    public IActivity LeadNote(string? personName, string when) =>
        MessageFactory.Text(SchedulingText.Format(text.LeadNoteBlocked, ("name", personName ?? text.Someone), ("when", when)));

    /// <summary>The one note per run to the schedule's owner: who the run missed, and why, in a sentence each.</summary>
    /// <param name="run">The run's local date and time (<see cref="RunKey"/>).</param>
    public IActivity UnreachedNote(string when, string run, IReadOnlyList<(Delivery Prompt, string? Name)> missed)
    {
        ArgumentNullException.ThrowIfNull(missed);
        var sentences = missed.Select(m =>
        {
            var template = m.Prompt.Status == DeliveryStatus.Uncertain ? text.UnreachedUncertain
                : m.Prompt.Reason == "unknown-person" ? text.UnreachedNoWay
                : m.Prompt.Reason?.StartsWith("open-", StringComparison.Ordinal) == true ? text.UnreachedNeverChatted
                : text.UnreachedFailed;
            var sentence = SchedulingText.Format(template, ("name", m.Name ?? text.Someone));
            return char.ToUpperInvariant(sentence[0]) + sentence[1..];
        });
        var day = DateTime.TryParseExact(run, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local.ToString(text.DayFormat, CultureInfo.InvariantCulture)
            : run;
        return MessageFactory.Text(SchedulingText.Format(text.LeadNoteUnreached, ("when", when), ("day", day), ("people", string.Join(" ", sentences))));
    }
}
