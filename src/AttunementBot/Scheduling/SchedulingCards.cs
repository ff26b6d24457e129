using System.Globalization;
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
public sealed record ScheduleListCard(string Title, string FallbackText, IReadOnlyList<ScheduleListItem> Items, string Hint, string NewSchedule)
{
    public const string Template = "scheduling-list";
}

public sealed record ScheduleListItem(int Number, string Title, string Details);

/// <summary>Data for cards/scheduling-form.json: create (Number empty) or edit a schedule's timing.</summary>
public sealed record ScheduleFormCard(string Title, string Hint, string WhenLabel, string When, bool ShowWho, string WhoLabel, string Save, string Number)
{
    public const string Template = "scheduling-form";
}

/// <summary>Builds what the scheduler sends: the prompt, its reminder and snoozed copy, the note to a lead.</summary>
public sealed class SchedulingMessages(CardLibrary cards, SchedulingText text, IOptions<SchedulingOptions> options)
{
    public IActivity Prompt(Delivery delivery, string channelId)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var reminder = delivery.Kind == DeliveryKind.Reminder;
        var minutes = ((int)options.Value.SnoozeDelay.TotalMinutes).ToString(CultureInfo.InvariantCulture);
        var card = new PromptCard(
            reminder ? text.Prompt.ReminderTitle : text.Prompt.Title,
            reminder ? text.Prompt.ReminderBody : text.Prompt.Body,
            delivery.Id.ToString(CultureInfo.InvariantCulture),
            new PromptActions(
                text.Prompt.Start,
                delivery.Kind == DeliveryKind.Prompt ? SchedulingText.Format(text.Prompt.Snooze, ("minutes", minutes)) : null,
                text.Prompt.Skip));
        return ChannelRenderer.ToActivity(cards.Render(PromptCard.Template, card), channelId);
    }

    public IActivity LeadNote(string personName, string when) =>
        MessageFactory.Text(SchedulingText.Format(text.LeadNoteBlocked, ("name", personName), ("when", when)));
}
