using System.Globalization;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;

namespace AttunementBot.History;

/// <summary>A reflection with what the next one found when it followed it up (null when none did).</summary>
public sealed record HistoryEntry(CompletedReflection Reflection, FollowUp? FollowedUp, DateTimeOffset? FollowedUpAt);

/// <summary>Builds the data of the history list and of a reopened reflection; every bound property is always present.</summary>
public sealed class HistoryCards(HistoryText text, ReflectionFlow flow)
{
    public const string ListTemplate = "history-list";
    public const string EntryTemplate = "history-entry";

    private static readonly FieldDefinition Presence = ReflectionStepsData.Default.Field("presence");

    public CardReply List(IReadOnlyList<HistoryEntry> entries, HistoryCursor? earlier, HistoryCursor? later, TimeZoneInfo zone)
    {
        var items = new JsonArray();
        var lines = new List<string>();
        foreach (var (entry, number) in entries.Select((e, i) => (e, i + 1)))
        {
            var date = Date(entry.Reflection.CompletedAt, zone, text["dateFormat"]);
            var details = Details(entry);
            lines.Add($"{number}. {date}: {details}.");
            items.Add(new JsonObject
            {
                ["number"] = number,
                ["id"] = entry.Reflection.Id,
                ["date"] = date,
                ["details"] = details,
            });
        }

        return new CardReply(ListTemplate, new JsonObject
        {
            ["title"] = text["title"],
            ["intro"] = later is null ? text["intro"] : text["introEarlier"],
            ["items"] = items,
            ["hint"] = text["hint"],
            ["hasEarlier"] = earlier is not null,
            ["earlier"] = earlier?.ToString() ?? "",
            ["hasLater"] = later is not null,
            ["later"] = later?.ToString() ?? "",
            ["buttons"] = Buttons(),
            ["fallbackText"] = text.Fill("fallback", ("lines", string.Join(" ", lines))),
        });
    }

    /// <summary>The reflection's own summary card again, with "since then" where a later reflection repaired its moment.</summary>
    public CardReply Entry(HistoryEntry entry, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var session = ReflectionSession.FromAnswers(entry.Reflection.Answers);
        session.CompletedAt = TimeZoneInfo.ConvertTime(entry.Reflection.CompletedAt, zone);
        var data = flow.Cards.Summary(session, [], kept: true).Data;
        if (Repaired(entry) is { } since && entry.FollowedUpAt is { } at)
        {
            data["facts"]!.AsArray().Add(new JsonObject
            {
                ["title"] = text["sinceThen"],
                ["value"] = text.Fill($"sinceThenValue.{since}", ("date", Date(at, zone))),
            });
        }

        data["id"] = entry.Reflection.Id;
        data["buttons"] = Buttons();
        data["fallbackText"] = text.Fill("entryFallback", ("date", (string)data["date"]!));
        return new CardReply(EntryTemplate, data);
    }

    /// <summary>A date as the summary card writes it, in the person's zone.</summary>
    public string Date(DateTimeOffset when, TimeZoneInfo zone) => flow.Cards.Date(TimeZoneInfo.ConvertTime(when, zone));

    /// <summary>"Mostly with them · A moment noticed · noticed, then repaired".</summary>
    private string Details(HistoryEntry entry)
    {
        var answers = entry.Reflection.Answers;
        var parts = new List<string>
        {
            answers.Presence is { } presence
                ? text.Fill("presence", ("title", Presence.Choices.First(c => c.Value == presence.ToString(CultureInfo.InvariantCulture)).Title))
                : text["presenceSkipped"],
        };
        if (answers.Misattunement is { } noticed)
        {
            parts.Add(text[$"noticed.{noticed}"]);
        }

        if (answers.Misattunement is MisattunementNoticed.Yes or MisattunementNoticed.NotSure)
        {
            if (Repaired(entry) is { } since)
            {
                parts.Add(text[$"since.{since}"]);
            }
            else if (answers.Repair is { } repair)
            {
                parts.Add(text[$"repair.{repair}"]);
            }
        }

        return string.Join(text["separator"], parts);
    }

    /// <summary>Repaired, or partly, when the next reflection said so about this one's moment; "not yet" or another client changes nothing.</summary>
    private static RepairSince? Repaired(HistoryEntry entry) =>
        entry.FollowedUp is { RepairWasOpen: true, Repair: RepairSince.Repaired or RepairSince.Partly } followUp ? followUp.Repair : null;

    private JsonObject Buttons() => new()
    {
        ["open"] = text["buttons.open"],
        ["earlier"] = text["buttons.earlier"],
        ["later"] = text["buttons.later"],
        ["back"] = text["buttons.back"],
        ["delete"] = text["buttons.delete"],
        ["confirmDelete"] = text["buttons.confirmDelete"],
        ["confirmDeleteButton"] = text["buttons.confirmDeleteButton"],
    };

    private static string Date(DateTimeOffset when, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(when, zone).ToString(format, CultureInfo.InvariantCulture);
}
