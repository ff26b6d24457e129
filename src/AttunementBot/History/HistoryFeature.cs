using System.Globalization;
using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.History;

/// <summary>
/// "my reflections": a clinician's past reflections, newest first, a page at a time; one opened shows its summary
/// card again, and one can be deleted after a one-step confirmation (audited).
/// </summary>
public sealed class HistoryFeature(
    SqliteReflectionPages pages,
    IReflectionHistory history,
    HistoryCards historyCards,
    HistoryText text,
    CardLibrary cards,
    IPeopleDirectory people,
    IOptions<PeopleOptions> peopleOptions,
    UserState userState,
    IAuditLog audit,
    TimeProvider clock) : IMessageFeature
{
    public const string FlowName = "history";
    private const int PageSize = 6;
    private static readonly TimeSpan ConfirmWithin = TimeSpan.FromMinutes(10);

    private readonly IStatePropertyAccessor<HistoryView> _view = userState.CreateProperty<HistoryView>(nameof(HistoryView));

    // The bot's cache of recent settledness must forget a deleted reflection too.
    private readonly IStatePropertyAccessor<UserProfile> _profile = userState.CreateProperty<UserProfile>(nameof(UserProfile));

    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        var view = await _view.GetAsync(turnContext, () => null!, cancellationToken);
        var request = input.Submit is { } submit ? FromCard(submit) : FromWords(input.Text, view);
        if (request is null)
        {
            return false;
        }

        if (!turnContext.Activity.IsOneToOne())
        {
            await SayAsync(turnContext, text["onlyPrivate"], cancellationToken);
            return true;
        }

        var owner = Person.KeyOf(turnContext.Activity);
        var zone = await ZoneAsync(owner, cancellationToken);
        view ??= new HistoryView();
        switch (request.Action)
        {
            case "list":
                await PageAsync(turnContext, view, owner, zone, null, null, cancellationToken);
                break;
            case "earlier":
                await PageAsync(turnContext, view, owner, zone, request.Cursor ?? HistoryCursor.Parse(view.Oldest), null, cancellationToken);
                break;
            case "later":
                await PageAsync(turnContext, view, owner, zone, null, request.Cursor ?? HistoryCursor.Parse(view.Newest), cancellationToken);
                break;
            case "open":
                await OpenAsync(turnContext, view, owner, zone, request.Id!, cancellationToken);
                break;
            case "ask":
                await AskAsync(turnContext, view, owner, zone, request.Id!, cancellationToken);
                break;
            case "delete":
                await DeleteAsync(turnContext, view, owner, zone, request.Id!, cancellationToken);
                break;
            case "keep":
                view.PendingDelete = null;
                view.PendingDeleteAt = null;
                await SayAsync(turnContext, text["kept"], cancellationToken);
                break;
            default:
                await SayAsync(turnContext, text.Fill(request.Action, ("number", request.Id)), cancellationToken);
                break;
        }

        await _view.SetAsync(turnContext, view, cancellationToken);
        return true;
    }

    /// <param name="Action">What to do, or the key of a message to say ("noList", "whichOne", "noNumber").</param>
    private sealed record Request(string Action, string? Id = null, HistoryCursor? Cursor = null);

    private static Request? FromCard(System.Text.Json.Nodes.JsonObject submit)
    {
        if (ReflectionTurn.SubmitString(submit, "flow") != FlowName)
        {
            return null;
        }

        var id = ReflectionTurn.SubmitString(submit, "reflection");
        return ReflectionTurn.SubmitString(submit, "action") switch
        {
            "open" when !string.IsNullOrEmpty(id) => new Request("open", id),
            "delete" when !string.IsNullOrEmpty(id) => new Request("delete", id),
            "earlier" => new Request("earlier", Cursor: HistoryCursor.Parse(ReflectionTurn.SubmitString(submit, "before"))),
            "later" => new Request("later", Cursor: HistoryCursor.Parse(ReflectionTurn.SubmitString(submit, "after"))),
            _ => new Request("list"),
        };
    }

    private Request? FromWords(string? typed, HistoryView? view)
    {
        if (PhraseCommand.Parse(typed, text) is not { } command)
        {
            return null;
        }

        var pending = view?.PendingDelete is not null && clock.GetUtcNow() - view.PendingDeleteAt < ConfirmWithin;
        var number = int.TryParse(command.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        switch (command.Name)
        {
            case "list" when command.Argument.Length == 0:
                return new Request("list");
            case "earlier" or "later" when command.Argument.Length == 0 && view is not null:
                return new Request(command.Name);
            case "confirm" when pending && command.Argument.Length == 0:
                return new Request("delete", view!.PendingDelete);
            case "keep" when pending && command.Argument.Length == 0:
                return new Request("keep");
            case "open" or "delete" when number is null && command.Argument.Length > 0:
                // "delete my data", "open the card": someone else's words.
                return null;
            case "delete" when number is null && view?.Opened is { } opened:
                return new Request("ask", opened);
            case "open" or "delete" when view is null || view.Ids.Count == 0:
                return new Request("noList");
            case "open" or "delete" when number is null:
                return new Request("whichOne");
            case "open" or "delete" when number < 1 || number > view!.Ids.Count:
                return new Request("noNumber", number.ToString());
            case "open" or "delete":
                return new Request(command.Name == "open" ? "open" : "ask", view!.Ids[number!.Value - 1]);
            default:
                return null;
        }
    }

    private async Task PageAsync(ITurnContext turn, HistoryView view, string owner, TimeZoneInfo zone, HistoryCursor? before, HistoryCursor? after, CancellationToken cancellationToken)
    {
        List<CompletedReflection> items;
        bool hasEarlier, hasLater;
        if (after is not null)
        {
            var newer = await pages.NewerAsync(owner, after, PageSize + 1, cancellationToken);
            hasLater = newer.Count > PageSize;
            items = [.. newer.Take(PageSize).Reverse()];
            hasEarlier = true;
        }
        else
        {
            var older = await pages.OlderAsync(owner, before, PageSize + 1, cancellationToken);
            hasEarlier = older.Count > PageSize;
            items = [.. older.Take(PageSize)];
            hasLater = before is not null;
        }

        if (items.Count == 0 && (before is not null || after is not null))
        {
            // An old card's page emptied by deletions: start again from the newest.
            await PageAsync(turn, view, owner, zone, null, null, cancellationToken);
            return;
        }

        view.Opened = null;
        view.Ids = [.. items.Select(r => r.Id)];
        view.Newest = items.Count > 0 ? Cursor(items[0]).ToString() : null;
        view.Oldest = items.Count > 0 ? Cursor(items[^1]).ToString() : null;
        if (items.Count == 0)
        {
            await SayAsync(turn, text["none"], cancellationToken);
            return;
        }

        // Each reflection's follow-up lives in the next one: the page's own newer neighbours, and one just above it.
        var above = hasLater ? (await pages.NewerAsync(owner, Cursor(items[0]), 1, cancellationToken)).FirstOrDefault() : null;
        var entries = items.Select((r, i) => Followed(r, i == 0 ? above : items[i - 1])).ToList();
        var card = historyCards.List(entries, hasEarlier ? Cursor(items[^1]) : null, hasLater ? Cursor(items[0]) : null, zone);
        await ShowAsync(turn, card, cancellationToken);
    }

    private async Task OpenAsync(ITurnContext turn, HistoryView view, string owner, TimeZoneInfo zone, string id, CancellationToken cancellationToken)
    {
        var reflection = await history.FindAsync(owner, id, cancellationToken);
        if (reflection is null)
        {
            await GoneAsync(turn, view, owner, zone, cancellationToken);
            return;
        }

        var next = (await pages.NewerAsync(owner, Cursor(reflection), 1, cancellationToken)).FirstOrDefault();
        view.Opened = id;
        await ShowAsync(turn, historyCards.Entry(Followed(reflection, next), zone), cancellationToken);
    }

    /// <summary>A typed delete asks once; the card's own button has asked already.</summary>
    private async Task AskAsync(ITurnContext turn, HistoryView view, string owner, TimeZoneInfo zone, string id, CancellationToken cancellationToken)
    {
        var reflection = await history.FindAsync(owner, id, cancellationToken);
        if (reflection is null)
        {
            await GoneAsync(turn, view, owner, zone, cancellationToken);
            return;
        }

        view.PendingDelete = id;
        view.PendingDeleteAt = clock.GetUtcNow();
        await SayAsync(turn, text.Fill("confirmTyped", ("date", historyCards.Date(reflection.CompletedAt, zone))), cancellationToken);
    }

    private async Task DeleteAsync(ITurnContext turn, HistoryView view, string owner, TimeZoneInfo zone, string id, CancellationToken cancellationToken)
    {
        view.PendingDelete = null;
        view.PendingDeleteAt = null;
        var reflection = await history.FindAsync(owner, id, cancellationToken);
        if (reflection is null || !await pages.DeleteAsync(owner, id, cancellationToken))
        {
            await GoneAsync(turn, view, owner, zone, cancellationToken);
            return;
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.ReflectionDeleted, id), cancellationToken);
        if (await _profile.GetAsync(turn, () => null!, cancellationToken) is { } profile)
        {
            profile.RecentSettledness = null;
        }

        await SayAsync(turn, text.Fill("deleted", ("date", historyCards.Date(reflection.CompletedAt, zone))), cancellationToken);
        await PageAsync(turn, view, owner, zone, null, null, cancellationToken);
    }

    private async Task GoneAsync(ITurnContext turn, HistoryView view, string owner, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await SayAsync(turn, text["gone"], cancellationToken);
        await PageAsync(turn, view, owner, zone, null, null, cancellationToken);
    }

    private static HistoryEntry Followed(CompletedReflection reflection, CompletedReflection? next) =>
        next?.Answers.FollowUp is { } followUp && followUp.Of == reflection.Id
            ? new HistoryEntry(reflection, followUp, next.CompletedAt)
            : new HistoryEntry(reflection, null, null);

    private static HistoryCursor Cursor(CompletedReflection reflection) => new(reflection.CompletedAt, reflection.Id);

    private async Task<TimeZoneInfo> ZoneAsync(string owner, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(owner, cancellationToken);
        return TimeZoneInfo.TryFindSystemTimeZoneById(person?.TimeZone ?? peopleOptions.Value.DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private async Task ShowAsync(ITurnContext turn, CardReply card, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(ChannelRenderer.ToActivity(cards.Render(card.Template, card.Data), turn.Activity.ChannelId), cancellationToken);

    private static async Task SayAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);
}
