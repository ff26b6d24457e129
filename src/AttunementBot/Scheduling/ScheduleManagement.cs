using System.Globalization;
using AttunementBot.Cards;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace AttunementBot.Scheduling;

/// <summary>
/// A person's schedules: making one (for themselves; only leads for others), the list card, the form card,
/// and pausing, resuming, editing or deleting one by its number in the list.
/// </summary>
public sealed class ScheduleManagement(
    IScheduleStore schedules,
    IDeliveryStore deliveries,
    IPeopleDirectory people,
    ISupervisionGroupMembers groups,
    SchedulerSignal signal,
    ScheduleTimes times,
    PeopleSearch search,
    CardLibrary cards,
    SchedulingText text,
    TimeProvider clock,
    IAuditLog audit)
{
    public async Task<string> CreateAsync(CreateSchedule create, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(self);
        if (!WhenParser.TryParse(create.When, out var when))
        {
            return SchedulingText.Format(text.WhenHelp, ("text", create.When));
        }

        ScheduleDraft draft;
        if (create.Picked is { Count: > 0 } picked && !(picked is ["me"]))
        {
            if (!await people.IsLeadAsync(self, cancellationToken))
            {
                return text.NotLead;
            }

            if (await FromPickerAsync(picked, self, when, cancellationToken) is not { } fromPicker)
            {
                return picked.Any(p => p.StartsWith(PeopleSearch.GroupPrefix, StringComparison.Ordinal)) && picked.Count > 1 ? text.FormOneGroup : text.FormNobody;
            }

            draft = fromPicker;
        }
        else if (create.Who is null || create.Who.Trim().Equals("me", StringComparison.OrdinalIgnoreCase))
        {
            draft = new ScheduleDraft(self.Key, TargetKind.People, [self.Key], self.DisplayName ?? self.UserId, when);
        }
        else
        {
            if (!await people.IsLeadAsync(self, cancellationToken))
            {
                await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleCreated, self.Key, Refused: true), cancellationToken);
                return text.NotLead;
            }

            var who = create.Who.Trim();
            if (who.StartsWith("group ", StringComparison.OrdinalIgnoreCase))
            {
                var group = who[6..].Trim();
                if ((await groups.PersonKeysAsync(group, cancellationToken)).Count == 0)
                {
                    return SchedulingText.Format(text.UnknownGroup, ("name", group));
                }

                draft = new ScheduleDraft(self.Key, TargetKind.Group, [group], "group " + group, when);
            }
            else
            {
                var keys = new List<string>();
                var names = new List<string>();
                foreach (var name in who.Split([",", " and "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var found = name.Equals("me", StringComparison.OrdinalIgnoreCase) ? [self] : await people.SearchAsync(name, cancellationToken);
                    if (found.Count != 1)
                    {
                        return SchedulingText.Format(found.Count == 0 ? text.UnknownPerson : text.AmbiguousPerson, ("name", name));
                    }

                    keys.Add(found[0].Key);
                    names.Add(found[0].DisplayName ?? found[0].UserId);
                }

                draft = new ScheduleDraft(self.Key, TargetKind.People, keys, string.Join(", ", names), when);
            }
        }

        var schedule = await schedules.AddAsync(draft, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleCreated, self.Key, schedule.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        signal.Wake();
        var next = await times.NextRunAsync(schedule, self, cancellationToken);
        var forSelf = draft.TargetKind == TargetKind.People && draft.Target is [var only] && only == self.Key;
        return SchedulingText.Format(
            forSelf ? text.CreatedSelf : text.Created,
            ("who", draft.TargetLabel),
            ("when", when.Description),
            ("zone", next.Zone),
            ("next", next.Next));
    }

    /// <returns>Null when a picked person is unknown, or a group is picked together with anything else.</returns>
    private async Task<ScheduleDraft?> FromPickerAsync(IReadOnlyList<string> picked, Person self, CronSpec when, CancellationToken cancellationToken)
    {
        if (picked is [var only] && only.StartsWith(PeopleSearch.GroupPrefix, StringComparison.Ordinal))
        {
            var group = only[PeopleSearch.GroupPrefix.Length..];
            return (await groups.PersonKeysAsync(group, cancellationToken)).Count == 0
                ? null
                : new ScheduleDraft(self.Key, TargetKind.Group, [group], "group " + group, when);
        }

        var found = new List<Person>();
        foreach (var key in picked.Distinct(StringComparer.Ordinal))
        {
            var person = key == "me" ? self : key.StartsWith(PeopleSearch.GroupPrefix, StringComparison.Ordinal) ? null : await people.FindAsync(key, cancellationToken);
            if (person is null)
            {
                return null;
            }

            found.Add(person);
        }

        return new ScheduleDraft(self.Key, TargetKind.People, [.. found.Select(p => p.Key)], string.Join(", ", found.Select(p => p.DisplayName ?? p.UserId)), when);
    }

    /// <returns>The list card, or a sentence when there is nothing to list.</returns>
    public async Task<IActivity> ListAsync(Person self, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        var mine = await schedules.ListAsync(self.Key, cancellationToken);
        if (mine.Count == 0)
        {
            return MessageFactory.Text(text.ListEmpty);
        }

        var items = new List<ScheduleListItem>();
        for (var i = 0; i < mine.Count; i++)
        {
            var schedule = mine[i];
            var details = new List<string>();
            if (schedule.Paused)
            {
                details.Add(text.ItemPaused);
            }
            else
            {
                var next = await times.NextRunAsync(schedule, self, cancellationToken);
                details.Add(SchedulingText.Format(text.ItemNext, ("next", next.Next), ("zone", next.Zone)));
            }

            details.AddRange(await LastRunAsync(schedule, self, cancellationToken));
            var excluded = await schedules.ExclusionsAsync(schedule.Id, cancellationToken);
            if (excluded.Count > 0)
            {
                details.Add(SchedulingText.Format(text.ItemExcluded, ("who", string.Join(", ", await NamesAsync([.. excluded], cancellationToken)))));
            }

            var title = $"{schedule.Description} {SchedulingText.Format(text.ItemFor, ("who", schedule.TargetLabel))}";
            items.Add(new ScheduleListItem(i + 1, schedule.Id, title, string.Join(" · ", details), schedule.Paused));
        }

        var fallback = text.ListTitle + ": " + string.Join("; ", items.Select(item => $"{item.Number}. {item.Title}"));
        var buttons = new ScheduleListButtons(text.PauseButton, text.ResumeButton, text.EditButton, text.DeleteButton, text.ConfirmDelete, text.ConfirmDeleteButton);
        var typed = ChannelRenderer.DeliveryFor(channelId) == CardDelivery.PlainText;
        var card = new ScheduleListCard(text.ListTitle, fallback, items, text.ListHint, typed, text.NewScheduleButton, buttons);
        return ChannelRenderer.ToActivity(cards.Render(ScheduleListCard.Template, card), channelId);
    }

    /// <summary>The last run, counted on its own: who was reached of those it was for, and what became of the rest.</summary>
    private async Task<List<string>> LastRunAsync(Schedule schedule, Person self, CancellationToken cancellationToken)
    {
        if (await deliveries.LastRunAsync(schedule.Id, cancellationToken) is not { } run)
        {
            return [text.ItemNeverRan];
        }

        var reached = run.Reached.Count == 0 ? text.ReachedNobody
            : run.Reached.Count <= 5 ? string.Join(", ", await NamesAsync(run.Reached, cancellationToken))
            : SchedulingText.Format(text.ReachedCount, ("count", run.Reached.Count), ("total", run.Planned));
        var details = new List<string> { SchedulingText.Format(text.ItemLast, ("last", times.Local(run.LastSentAt, times.ZoneFor(self))), ("reached", reached)) };
        if (run.Pending > 0)
        {
            details.Add(SchedulingText.Format(text.ItemPending, ("count", run.Pending)));
        }

        if (run.Skipped > 0)
        {
            details.Add(text.ItemSkipped.For(run.Skipped));
        }

        if (run.Uncertain > 0)
        {
            details.Add(SchedulingText.Format(text.ItemNotSure, ("count", run.Uncertain)));
        }

        if (run.Failed > 0)
        {
            details.Add(SchedulingText.Format(text.ItemCouldNot, ("count", run.Failed)));
        }

        return details;
    }

    public async Task<IActivity> FormAsync(ShowForm form, Person self, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(self);
        var found = await FindAsync(self, form.Number, form.Id, cancellationToken, form.Only);
        if (form.Only && found is null)
        {
            return MessageFactory.Text(await WhichOneAsync(self, "edit", cancellationToken));
        }

        var existing = found?.Schedule;
        var isLead = await people.IsLeadAsync(self, cancellationToken);
        var parts = existing is null ? ("17:30", WeekdaySet) : WhenParser.Parts(existing.Cron);

        // A cron line, or a fixed zone, stays in the lead's own words: the time and day boxes cannot say it.
        var words = existing is null || (parts is not null && existing.TimeZone is null) ? string.Empty
            : existing.TimeZone is { } zone ? $"{existing.Description} in {zone}"
            : existing.Description;
        var card = new ScheduleFormCard(
            existing is null ? text.FormTitle : SchedulingText.Format(text.FormEditTitle, ("number", found?.Number)),
            text.FormTime,
            parts?.Time ?? string.Empty,
            text.FormDays,
            parts is { } p ? string.Join(',', p.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => ((int)d).ToString(CultureInfo.InvariantCulture))) : string.Empty,
            [.. text.DayNames.Select((name, i) => new FormChoice(name, ((i + 1) % 7).ToString(CultureInfo.InvariantCulture)))],
            text.FormWhen,
            words,
            existing is null && isLead,
            text.FormWho,
            text.FormWhoPlaceholder,
            existing is null && isLead ? await search.ChoicesAsync(self, null, 0, PeopleSearch.FormChoiceLimit, cancellationToken) : [],
            text.FormSave,
            existing?.Id.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        var bound = cards.Render(ScheduleFormCard.Template, card);
        if (channelId == Channels.Msteams)
        {
            ScheduleFormCard.AddTeamsTypeahead(bound);
        }

        return ChannelRenderer.ToActivity(bound, channelId);
    }

    public async Task<string> ChangeAsync(ChangeSchedule change, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(self);
        var alone = change.Number is null && change.Id is null;
        if (await FindAsync(self, change.Number, change.Id, cancellationToken, alone) is not { } found)
        {
            return alone ? await WhichOneAsync(self, change.Verb, cancellationToken)
                : change.Number is { } typed ? SchedulingText.Format(text.NoSuchNumber, ("number", typed))
                : text.AlreadyHandled;
        }

        var (number, schedule) = found;

        var now = clock.GetUtcNow();
        await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleChanged, self.Key, schedule.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        switch (change.Verb)
        {
            case "pause":
                await schedules.SetPausedAsync(schedule.Id, paused: true, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Paused, ("number", number));
            case "resume":
                await schedules.SetPausedAsync(schedule.Id, paused: false, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Resumed, ("number", number), ("next", await NextAsync(schedule, self, cancellationToken)));
            case "delete":
                await schedules.DeleteAsync(schedule.Id, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Deleted, ("number", number));
            default:
                if (change.When is null || !WhenParser.TryParse(change.When, out var when))
                {
                    return SchedulingText.Format(text.WhenHelp, ("text", change.When ?? string.Empty));
                }

                await schedules.EditWhenAsync(schedule.Id, when, now, cancellationToken);
                signal.Wake();
                var edited = schedule with { Cron = when.Cron, TimeZone = when.TimeZone };
                return SchedulingText.Format(text.Edited, ("number", number), ("when", when.Description), ("next", await NextAsync(edited, self, cancellationToken)));
        }
    }

    private async Task<string> NextAsync(Schedule schedule, Person self, CancellationToken cancellationToken)
    {
        var next = await times.NextRunAsync(schedule, self, cancellationToken);
        return $"{next.Next}, {next.Zone}";
    }

    private static readonly IReadOnlySet<DayOfWeek> WeekdaySet = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

    /// <summary>"pause" alone with several schedules (or none): which one, kindly.</summary>
    private async Task<string> WhichOneAsync(Person self, string verb, CancellationToken cancellationToken) =>
        (await schedules.ListAsync(self.Key, cancellationToken)).Count == 0
            ? text.ListEmpty
            : SchedulingText.Format(text.WhichSchedule, ("verb", verb));

    /// <summary>
    /// One of the person's own schedules, by its typed number or a button's id, with its number in the list;
    /// with <paramref name="onlyOne"/>, their schedule when they have exactly one.
    /// </summary>
    private async Task<(int Number, Schedule Schedule)?> FindAsync(Person self, int? number, long? id, CancellationToken cancellationToken, bool onlyOne = false)
    {
        var mine = await schedules.ListAsync(self.Key, cancellationToken);
        if (onlyOne)
        {
            return mine is [var single] ? (1, single) : null;
        }

        for (var i = 0; i < mine.Count; i++)
        {
            if ((id is { } wanted && mine[i].Id == wanted) || (id is null && number == i + 1))
            {
                return (i + 1, mine[i]);
            }
        }

        return null;
    }

    private async Task<List<string>> NamesAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var key in keys)
        {
            var person = await people.FindAsync(key, cancellationToken);
            names.Add(person?.DisplayName ?? person?.UserId ?? key);
        }

        return names;
    }
}
