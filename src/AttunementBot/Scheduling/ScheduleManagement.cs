using System.Globalization;
using AttunementBot.Cards;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using Microsoft.Bot.Builder;
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
    OccurrencePlanner planner,
    SchedulerSignal signal,
    ScheduleTimes times,
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
        if (create.Who is null || create.Who.Trim().Equals("me", StringComparison.OrdinalIgnoreCase))
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
        var (next, zone) = await times.NextRunAsync(schedule, self, cancellationToken);
        var forSelf = draft.TargetKind == TargetKind.People && draft.Target is [var only] && only == self.Key;
        return SchedulingText.Format(
            forSelf ? text.CreatedSelf : text.Created,
            ("who", draft.TargetLabel),
            ("when", when.Description),
            ("zone", zone),
            ("next", next));
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
                var (next, zone) = await times.NextRunAsync(schedule, self, cancellationToken);
                details.Add(SchedulingText.Format(text.ItemNext, ("next", $"{next} ({zone})")));
            }

            if (await deliveries.LastRunAsync(schedule.Id, cancellationToken) is { } run)
            {
                var total = (await planner.RecipientsAsync(schedule, cancellationToken)).Count;
                var reached = run.Reached.Count == 0 ? text.ReachedNobody
                    : run.Reached.Count <= 5 ? string.Join(", ", await NamesAsync(run.Reached, cancellationToken))
                    : SchedulingText.Format(text.ReachedCount, ("count", run.Reached.Count), ("total", total));
                details.Add(SchedulingText.Format(text.ItemLast, ("last", times.Local(run.LastSentAt, times.ZoneFor(self))), ("reached", reached)));
                if (run.Uncertain > 0)
                {
                    details.Add(SchedulingText.Format(text.ItemNotSure, ("count", run.Uncertain)));
                }

                if (run.Failed > 0)
                {
                    details.Add(SchedulingText.Format(text.ItemCouldNot, ("count", run.Failed)));
                }
            }
            else
            {
                details.Add(text.ItemNeverRan);
            }

            var excluded = await schedules.ExclusionsAsync(schedule.Id, cancellationToken);
            if (excluded.Count > 0)
            {
                details.Add(SchedulingText.Format(text.ItemExcluded, ("who", string.Join(", ", await NamesAsync([.. excluded], cancellationToken)))));
            }

            items.Add(new ScheduleListItem(i + 1, $"{schedule.Description} {SchedulingText.Format(text.ItemFor, ("who", schedule.TargetLabel))}", string.Join(" · ", details)));
        }

        var fallback = text.ListTitle + ": " + string.Join("; ", items.Select(item => $"{item.Number}. {item.Title}"));
        var card = new ScheduleListCard(text.ListTitle, fallback, items, text.ListHint, text.NewScheduleButton);
        return ChannelRenderer.ToActivity(cards.Render(ScheduleListCard.Template, card), channelId);
    }

    public async Task<IActivity> FormAsync(ShowForm form, Person self, string channelId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(self);
        var existing = form.Number is { } n ? await ByNumberAsync(self, n, cancellationToken) : null;
        var isLead = await people.IsLeadAsync(self, cancellationToken);
        var card = new ScheduleFormCard(
            existing is null ? text.FormTitle : SchedulingText.Format(text.FormEditTitle, ("number", form.Number)),
            text.FormWhen,
            text.FormWhen,
            existing?.Description ?? string.Empty,
            existing is null && isLead,
            text.FormWho,
            text.FormSave,
            existing is null ? string.Empty : form.Number!.Value.ToString(CultureInfo.InvariantCulture));
        return ChannelRenderer.ToActivity(cards.Render(ScheduleFormCard.Template, card), channelId);
    }

    public async Task<string> ChangeAsync(ChangeSchedule change, Person self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(self);
        var schedule = await ByNumberAsync(self, change.Number, cancellationToken);
        if (schedule is null)
        {
            return SchedulingText.Format(text.NoSuchNumber, ("number", change.Number));
        }

        var now = clock.GetUtcNow();
        await audit.RecordAsync(new AuditEvent(AuditActions.ScheduleChanged, self.Key, schedule.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        switch (change.Verb)
        {
            case "pause":
                await schedules.SetPausedAsync(schedule.Id, paused: true, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Paused, ("number", change.Number));
            case "resume":
                await schedules.SetPausedAsync(schedule.Id, paused: false, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Resumed, ("number", change.Number), ("next", (await times.NextRunAsync(schedule, self, cancellationToken)).Next));
            case "delete":
                await schedules.DeleteAsync(schedule.Id, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Deleted, ("number", change.Number));
            default:
                if (change.When is null || !WhenParser.TryParse(change.When, out var when))
                {
                    return SchedulingText.Format(text.WhenHelp, ("text", change.When ?? string.Empty));
                }

                await schedules.EditWhenAsync(schedule.Id, when, now, cancellationToken);
                signal.Wake();
                var edited = schedule with { Cron = when.Cron, TimeZone = when.TimeZone };
                return SchedulingText.Format(text.Edited, ("number", change.Number), ("when", when.Description), ("next", (await times.NextRunAsync(edited, self, cancellationToken)).Next));
        }
    }

    private async Task<Schedule?> ByNumberAsync(Person self, int number, CancellationToken cancellationToken)
    {
        var mine = await schedules.ListAsync(self.Key, cancellationToken);
        return number >= 1 && number <= mine.Count ? mine[number - 1] : null;
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
