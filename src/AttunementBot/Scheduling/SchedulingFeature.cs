using System.Globalization;
using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.People;
using AttunementBot.Reflection;
using Cronos;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>
/// The scheduling commands and the prompt card's own buttons (snooze, skip). Schedules are made in a
/// one-to-one chat; only leads schedule for others.
/// </summary>
public sealed class SchedulingFeature(
    IScheduleStore schedules,
    IDeliveryStore deliveries,
    IClinicianSettingsStore settingsStore,
    IPeopleDirectory people,
    ISupervisionGroupMembers groups,
    OccurrencePlanner planner,
    SchedulerSignal signal,
    CardLibrary cards,
    SchedulingText text,
    IOptions<SchedulingOptions> options,
    TimeProvider clock) : IMessageFeature
{
    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        var command = SchedulingCommands.Read(input.Text, input.Submit);
        if (command is null)
        {
            return false;
        }

        var activity = turnContext.Activity;
        var self = await people.FindAsync(Person.KeyOf(activity), cancellationToken);
        IActivity reply;
        if (self is null || activity.Conversation?.IsGroup == true || activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            reply = MessageFactory.Text(text.PrivateOnly);
        }
        else
        {
            reply = await HandleAsync(command, self, activity.ChannelId, cancellationToken);
        }

        await turnContext.SendActivityAsync(reply, cancellationToken);
        return true;
    }

    private async Task<IActivity> HandleAsync(SchedulingCommand command, Person self, string channelId, CancellationToken cancellationToken) => command switch
    {
        CreateSchedule create => Say(await CreateAsync(create, self, cancellationToken)),
        ListSchedules => await ListAsync(self, channelId, cancellationToken),
        ShowForm form => await FormAsync(form, self, channelId, cancellationToken),
        ChangeSchedule change => Say(await ChangeAsync(change, self, cancellationToken)),
        SetTimeZone zone => Say(await SetTimeZoneAsync(zone, self, cancellationToken)),
        SetWorkingDays days => Say(await SetWorkingDaysAsync(days, self, cancellationToken)),
        SetAway away => Say(await SetAwayAsync(away, self, cancellationToken)),
        ShowSettings => await SettingsAsync(self, channelId, cancellationToken),
        Snooze snooze => Say(await SnoozeAsync(snooze, self, cancellationToken)),
        SkipToday skip => Say(await SkipTodayAsync(skip, self, cancellationToken)),
        _ => Say(text.ScheduleHelp),
    };

    private async Task<string> CreateAsync(CreateSchedule create, Person self, CancellationToken cancellationToken)
    {
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
        signal.Wake();
        var (next, zone) = await NextRunAsync(schedule, self, cancellationToken);
        var forSelf = draft.TargetKind == TargetKind.People && draft.Target is [var only] && only == self.Key;
        return SchedulingText.Format(
            forSelf ? text.CreatedSelf : text.Created,
            ("who", draft.TargetLabel),
            ("when", when.Description),
            ("zone", zone),
            ("next", next));
    }

    private async Task<IActivity> ListAsync(Person self, string channelId, CancellationToken cancellationToken)
    {
        var mine = await schedules.ListAsync(self.Key, cancellationToken);
        if (mine.Count == 0)
        {
            return Say(text.ListEmpty);
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
                var (next, zone) = await NextRunAsync(schedule, self, cancellationToken);
                details.Add(SchedulingText.Format(text.ItemNext, ("next", $"{next} ({zone})")));
            }

            if (await deliveries.LastRunAsync(schedule.Id, cancellationToken) is { } run)
            {
                var total = (await planner.RecipientsAsync(schedule, cancellationToken)).Count;
                var reached = run.Reached.Count == 0 ? text.ReachedNobody
                    : run.Reached.Count <= 5 ? string.Join(", ", await NamesAsync(run.Reached, cancellationToken))
                    : SchedulingText.Format(text.ReachedCount, ("count", run.Reached.Count), ("total", total));
                details.Add(SchedulingText.Format(text.ItemLast, ("last", Local(run.LastSentAt, ZoneFor(self))), ("reached", reached)));
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

    private async Task<IActivity> FormAsync(ShowForm form, Person self, string channelId, CancellationToken cancellationToken)
    {
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

    private async Task<string> ChangeAsync(ChangeSchedule change, Person self, CancellationToken cancellationToken)
    {
        var schedule = await ByNumberAsync(self, change.Number, cancellationToken);
        if (schedule is null)
        {
            return SchedulingText.Format(text.NoSuchNumber, ("number", change.Number));
        }

        var now = clock.GetUtcNow();
        switch (change.Verb)
        {
            case "pause":
                await schedules.SetPausedAsync(schedule.Id, paused: true, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Paused, ("number", change.Number));
            case "resume":
                await schedules.SetPausedAsync(schedule.Id, paused: false, now, cancellationToken);
                signal.Wake();
                return SchedulingText.Format(text.Resumed, ("number", change.Number), ("next", (await NextRunAsync(schedule, self, cancellationToken)).Next));
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
                return SchedulingText.Format(text.Edited, ("number", change.Number), ("when", when.Description), ("next", (await NextRunAsync(edited, self, cancellationToken)).Next));
        }
    }

    private async Task<string> SetTimeZoneAsync(SetTimeZone command, Person self, CancellationToken cancellationToken)
    {
        var zone = command.Zone.Trim();
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone, out var iana))
        {
            zone = iana;
        }

        if (!(zone.Contains('/', StringComparison.Ordinal) || zone == "UTC") || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return SchedulingText.Format(text.TimeZoneUnknown, ("zone", command.Zone));
        }

        await people.SetTimeZoneAsync(self.Key, zone, cancellationToken);
        // Their next prompt may now come sooner than the scheduler planned to look.
        await schedules.RecheckAllAsync(clock.GetUtcNow(), cancellationToken);
        signal.Wake();
        return SchedulingText.Format(text.TimeZoneSet, ("zone", zone));
    }

    private async Task<string> SetWorkingDaysAsync(SetWorkingDays command, Person self, CancellationToken cancellationToken)
    {
        if (!WorkingDays.TryParse(command.Days, out var days))
        {
            return text.WorkingDaysHelp;
        }

        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        await settingsStore.SaveAsync(current with { WorkingDays = days }, clock.GetUtcNow(), cancellationToken);
        return SchedulingText.Format(text.WorkingDaysSet, ("days", days is null ? text.SettingsEveryDay : WorkingDays.Describe(days)));
    }

    private async Task<string> SetAwayAsync(SetAway command, Person self, CancellationToken cancellationToken)
    {
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        var now = clock.GetUtcNow();
        var value = command.Text.Trim().ToLowerInvariant();
        if (value is "off" or "none" or "clear")
        {
            await settingsStore.SaveAsync(current with { AwayFrom = null, AwayUntil = null }, now, cancellationToken);
            return text.AwayCleared;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ZoneFor(self)).DateTime);
        var dates = System.Text.RegularExpressions.Regex.Matches(value, @"\d{4}-\d{2}-\d{2}")
            .Select(m => DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .ToList();
        if (dates.Count is 0 or > 2 || dates.Any(d => d is null))
        {
            return text.AwayHelp;
        }

        var from = dates.Count == 2 ? dates[0]!.Value : today;
        var until = dates[^1]!.Value;
        if (until < from)
        {
            return text.AwayHelp;
        }

        await settingsStore.SaveAsync(current with { AwayFrom = from, AwayUntil = until }, now, cancellationToken);
        return SchedulingText.Format(
            text.AwaySet,
            ("from", from.ToString(text.DayFormat, CultureInfo.InvariantCulture)),
            ("until", until.ToString(text.DayFormat, CultureInfo.InvariantCulture)));
    }

    private async Task<IActivity> SettingsAsync(Person self, string channelId, CancellationToken cancellationToken)
    {
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        var away = current.AwayUntil is { } until
            ? $"{(current.AwayFrom ?? until).ToString(text.DayFormat, CultureInfo.InvariantCulture)} – {until.ToString(text.DayFormat, CultureInfo.InvariantCulture)}"
            : text.SettingsNotAway;
        var notice = new NoticeCard(
            text.SettingsTitle,
            Facts:
            [
                new NoticeFact(text.SettingsZone, ZoneFor(self).Id),
                new NoticeFact(text.SettingsDays, current.WorkingDays is { } days ? WorkingDays.Describe(days) : text.SettingsEveryDay),
                new NoticeFact(text.SettingsAway, away),
            ]);
        return ChannelRenderer.ToActivity(cards.Render(NoticeCard.Template, notice), channelId);
    }

    private async Task<string> SnoozeAsync(Snooze snooze, Person self, CancellationToken cancellationToken)
    {
        var delivery = snooze.Delivery is { } id ? await deliveries.FindAsync(id, cancellationToken) : await deliveries.LatestSentAsync(self.Key, cancellationToken);
        if (delivery is null || delivery.PersonKey != self.Key || delivery.Kind is DeliveryKind.LeadNote or DeliveryKind.Snooze)
        {
            return text.AlreadyHandled;
        }

        var now = clock.GetUtcNow();
        var at = now + options.Value.SnoozeDelay;
        await deliveries.MarkRespondedAsync(delivery.ScheduleId, delivery.Occurrence, self.Key, now, cancellationToken);
        if (!await deliveries.TryAddAsync(new NewDelivery(delivery.ScheduleId, delivery.Occurrence, self.Key, DeliveryKind.Snooze, delivery.TimeZone, at), now, cancellationToken))
        {
            return text.AlreadyHandled;
        }

        signal.Wake();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(delivery.TimeZone);
        return SchedulingText.Format(text.Snoozed, ("time", TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    private async Task<string> SkipTodayAsync(SkipToday skip, Person self, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var delivery = skip.Delivery is { } id ? await deliveries.FindAsync(id, cancellationToken) : await deliveries.LatestSentAsync(self.Key, cancellationToken);
        if (delivery is not null && delivery.PersonKey == self.Key)
        {
            await deliveries.MarkRespondedAsync(delivery.ScheduleId, delivery.Occurrence, self.Key, now, cancellationToken);
        }

        var until = NextLocalMidnight(now, ZoneFor(self));
        var current = await settingsStore.GetAsync(self.Key, cancellationToken);
        await settingsStore.SaveAsync(current with { SkipUntil = until }, now, cancellationToken);
        await deliveries.SkipPendingAsync(self.Key, until, "skipped-today", now, cancellationToken);
        return text.SkippedToday;
    }

    /// <summary>The next run as the person will see it, and the zone it is in (or "each person's own").</summary>
    private async Task<(string Next, string Zone)> NextRunAsync(Schedule schedule, Person viewer, CancellationToken cancellationToken)
    {
        var recipients = schedule.TargetKind == TargetKind.People ? schedule.Target : [];
        var single = recipients.Count == 1 ? await people.FindAsync(recipients[0], cancellationToken) : null;
        var zoneId = planner.ZoneOf(schedule, single ?? viewer);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var next = CronExpression.Parse(schedule.Cron).GetNextOccurrence(clock.GetUtcNow(), zone);
        var shownZone = schedule.TimeZone is null && single is null ? text.EachOwnZone : zoneId;
        return (next is { } at ? Local(at, zone) : "-", shownZone);
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

    private TimeZoneInfo ZoneFor(Person person) => TimeZoneInfo.FindSystemTimeZoneById(planner.ZoneOf(NoZone, person));

    private string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(text.DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The start of the person's next local day, through TimeZoneInfo (a zone may skip midnight).</summary>
    private static DateTimeOffset NextLocalMidnight(DateTimeOffset now, TimeZoneInfo zone)
    {
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private static Activity Say(string words) => MessageFactory.Text(words);

    private static readonly Schedule NoZone = new(0, string.Empty, TargetKind.People, [], string.Empty, "* * * * *", string.Empty, null, false, default, default, default);
}

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
