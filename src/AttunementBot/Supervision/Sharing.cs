using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.People;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Supervision.Deidentification;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.Supervision;

/// <summary>
/// Bringing a reflection to the group: choose what to include, see the exact card with what was
/// taken out, then post, edit or drop it. Later, withdraw it. Nothing is posted without "post".
/// </summary>
public sealed partial class Sharing(
    ISupervisionStore store,
    IReflectionHistory history,
    IPeopleDirectory people,
    SharedCardComposer composer,
    GroupCards groupCards,
    ChannelPoster poster,
    CardWithdrawal withdrawal,
    SupervisionReplies replies,
    UserState userState,
    IOptions<SupervisionOptions> options,
    TimeProvider clock,
    IAuditLog audit)
{
    public const string OptionsTemplate = "supervision-share";
    public const string ConfirmTemplate = "supervision-confirm";

    private readonly IStatePropertyAccessor<ShareDraft> _draft = userState.CreateProperty<ShareDraft>(nameof(ShareDraft));

    private SupervisionText Text => replies.Text;

    public async Task<bool> HasDraftAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await _draft.GetAsync(turn, () => null!, cancellationToken) is not null;

    /// <summary>"share", or the summary card's button: start with the most recent reflection.</summary>
    public async Task StartAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsOneToOne())
        {
            await replies.SayAsync(turn, "share.onlyPrivate", cancellationToken);
            return;
        }

        var owner = Person.KeyOf(turn.Activity);
        var latest = await history.RecentAsync(owner, 1, cancellationToken);
        if (latest.Count == 0)
        {
            await replies.SayAsync(turn, "share.noReflection", cancellationToken);
            return;
        }

        var groups = await store.GroupsOfAsync(owner, cancellationToken);
        if (groups.Count == 0)
        {
            await replies.SayAsync(turn, "share.noGroup", cancellationToken, ("groups", SupervisionReplies.Names(await store.AllGroupsAsync(cancellationToken))));
            return;
        }

        var draft = new ShareDraft { ReflectionId = latest[0].Id, GroupId = groups[0].Id };
        await _draft.SetAsync(turn, draft, cancellationToken);
        await ShowOptionsAsync(turn, draft, latest[0], groups, notice: null, cancellationToken);
    }

    /// <summary>The options card's "Preview", or typed "preview": de-identify and show the exact card.</summary>
    public async Task PreviewAsync(ITurnContext<IMessageActivity> turn, JsonObject? submit, CancellationToken cancellationToken)
    {
        if (await LoadAsync(turn, cancellationToken) is not { } loaded)
        {
            return;
        }

        var (draft, reflection, groups) = loaded;
        IReadOnlyCollection<string> alsoRemove = [];
        if (submit is not null)
        {
            var asked = draft.Question;
            Apply(draft, submit, groups, composer.Available(reflection));
            alsoRemove = WordsToRemove(submit, "remove");

            // The share question is free text too: the risk note goes to the clinician only, never into the card.
            if (Common.Risk.RiskNote.ForShareQuestion(asked, draft.Question) is { } riskNote)
            {
                await turn.SendActivityAsync(MessageFactory.Text(riskNote), cancellationToken);
            }
        }

        var limit = Text.Limit("question");
        if (draft.Question is { } question && question.Length > limit)
        {
            var notice = Text.Fill("share.questionTooLong", ("length", question.Length), ("limit", limit), ("text", question));
            await _draft.SetAsync(turn, draft, cancellationToken);
            await ShowOptionsAsync(turn, draft, reflection, groups, notice, cancellationToken);
            return;
        }

        if (await ShowPreviewAsync(turn, draft, reflection, groups, notice: null, alsoRemove, cancellationToken))
        {
            await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardPreviewed, reflection.Id, draft.GroupId), cancellationToken);
        }
    }

    /// <summary>"include 1, 3" (or just "1, 3"): the share form's list answered by number, then the preview.</summary>
    public async Task<bool> IncludeAsync(ITurnContext<IMessageActivity> turn, string typed, CancellationToken cancellationToken)
    {
        if (await LoadAsync(turn, cancellationToken) is not { } loaded)
        {
            return true;
        }

        var (draft, reflection, groups) = loaded;
        var available = composer.Available(reflection);
        var numbers = NumberList().Matches(typed ?? string.Empty).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        if (numbers.Count == 0 || numbers.Any(n => n < 1 || n > available.Count))
        {
            await replies.SayAsync(turn, "share.includeWhich", cancellationToken);
            return true;
        }

        draft.Items = [.. numbers.Distinct().Select(n => available[n - 1].Key)];
        if (await ShowPreviewAsync(turn, draft, reflection, groups, notice: null, [], cancellationToken))
        {
            await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardPreviewed, reflection.Id, draft.GroupId), cancellationToken);
        }

        return true;
    }

    /// <summary>True for a reply that is only numbers ("1, 3", "2 and 4").</summary>
    public static bool IsNumberList(string? typed) => typed is not null && OnlyNumbers().IsMatch(typed);

    /// <summary>
    /// "also remove Sunnyvale, the twins", or the confirm card's "Take these out": more words out of the previewed card.
    /// Before any preview, the words go into the first one. They are used for this turn only and never stored.
    /// </summary>
    public async Task RemoveMoreAsync(ITurnContext<IMessageActivity> turn, string typed, JsonObject? submit, CancellationToken cancellationToken)
    {
        if (await LoadAsync(turn, cancellationToken) is not { } loaded)
        {
            return;
        }

        var (draft, reflection, groups) = loaded;
        var words = submit is null ? Split(typed) : [.. WordsToRemove(submit, "alsoRemove"), .. WordsToRemove(submit, "alsoRemoveChosen")];
        if (words.Count == 0)
        {
            await replies.SayAsync(turn, "confirm.removeWhat", cancellationToken);
            return;
        }

        if (draft.PreviewContent is null)
        {
            await ShowPreviewAsync(turn, draft, reflection, groups, notice: null, words, cancellationToken);
            return;
        }

        var more = composer.RemoveMore((JsonObject)JsonNode.Parse(draft.PreviewContent)!, words);
        var earlier = draft.RemovedOnRequest;
        draft.RemovedOnRequest += more.Removed.Count;
        var notice = more.Removed.Count == 0 ? Text["confirm.removedNothingMore"] : Text.Fill("confirm.removedMore", ("count", more.Removed.Count));

        // The list shows what the reflection loses on its own and what was taken out just now; earlier requests are
        // only counted, because their words are not kept.
        var automatic = (await ComposeAsync(turn, draft, reflection, groups, [], cancellationToken)).Removed;
        await ShowConfirmAsync(turn, draft, groups, more.Content, [.. automatic, .. more.Removed], earlier, notice, cancellationToken);
    }

    public async Task EditAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        if (await LoadAsync(turn, cancellationToken) is { } loaded)
        {
            await ShowOptionsAsync(turn, loaded.Draft, loaded.Reflection, loaded.Groups, notice: null, cancellationToken);
        }
    }

    public async Task CancelAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        await _draft.DeleteAsync(turn, cancellationToken);
        await replies.SayAsync(turn, "cancelled", cancellationToken);
    }

    /// <summary>Posts exactly the previewed content, only when the confirmation is for the latest preview.</summary>
    public async Task PostAsync(ITurnContext<IMessageActivity> turn, string? previewId, CancellationToken cancellationToken)
    {
        // "Post" pressed again on a preview that was posted: say where it went, rather than that nothing is there.
        var owner = Person.KeyOf(turn.Activity);
        if (!string.IsNullOrEmpty(previewId) && await store.FindSharedCardByPreviewAsync(owner, previewId, cancellationToken) is { } posted)
        {
            var where = (await store.AllGroupsAsync(cancellationToken)).FirstOrDefault(g => g.Id == posted.GroupId)?.Name ?? "?";
            await replies.SayAsync(
                turn,
                posted.Status == SharedCardStatus.Withdrawn ? "alreadyWithdrawn" : "alreadyPosted",
                cancellationToken,
                ("group", where),
                ("date", posted.PostedAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)));
            return;
        }

        if (await LoadAsync(turn, cancellationToken) is not { } loaded)
        {
            return;
        }

        var (draft, reflection, groups) = loaded;
        var group = groups.First(g => g.Id == draft.GroupId);
        var typed = previewId is null && turn.Activity.Value is null;
        if (draft.PreviewContent is null || (!typed && previewId != draft.PreviewId))
        {
            await ShowPreviewAsync(turn, draft, reflection, groups, Text["confirm.stale"], [], cancellationToken);
            return;
        }

        var content = (JsonObject)JsonNode.Parse(draft.PreviewContent)!;
        var card = new SharedCard(Guid.NewGuid().ToString("N"), group.Id, owner, reflection.Id, content, null, SharedCardStatus.Posted, clock.GetUtcNow(), null, null, 0, 0, draft.PreviewId);
        string? activityId;
        try
        {
            var refreshFor = await groupCards.RefreshUsersAsync(group, owner, cancellationToken);
            activityId = await poster.PostAsync(group.Channel, groupCards.Activity(content, card.Id, null, refreshFor, group.ChannelId), cancellationToken);
        }
        catch (Exception ex) when (ChannelPoster.IsChannelFailure(ex))
        {
            await replies.SayAsync(turn, "postFailed", cancellationToken);
            return;
        }

        await store.AddSharedCardAsync(card with { ActivityId = activityId }, cancellationToken);
        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardShared, card.Id, group.Id), cancellationToken);
        await _draft.DeleteAsync(turn, cancellationToken);
        await replies.SayAsync(turn, "posted", cancellationToken, ("group", group.Name));
    }

    public async Task ListSharedAsync(ITurnContext<IMessageActivity> turn, CancellationToken cancellationToken)
    {
        var shared = await store.SharedByAsync(Person.KeyOf(turn.Activity), cancellationToken);
        if (shared.Count == 0)
        {
            await replies.SayAsync(turn, "withdraw.none", cancellationToken);
            return;
        }

        var groups = (await store.AllGroupsAsync(cancellationToken)).ToDictionary(g => g.Id, g => g.Name);
        var lines = shared.Select((card, i) => Text.Fill(
            "withdraw.item",
            ("number", i + 1),
            ("date", card.PostedAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            ("group", groups.GetValueOrDefault(card.GroupId, "?")),
            ("status", card.Status == SharedCardStatus.Withdrawn ? Text["withdraw.withdrawnStatus"] : string.Empty)));
        await replies.SayTextAsync(turn, string.Join('\n', [Text["withdraw.list"], .. lines, Text["withdraw.hint"]]), cancellationToken);
    }

    public async Task WithdrawAsync(ITurnContext<IMessageActivity> turn, string which, CancellationToken cancellationToken)
    {
        var shared = await store.SharedByAsync(Person.KeyOf(turn.Activity), cancellationToken);
        if (!int.TryParse(which, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 1 || number > shared.Count)
        {
            await replies.SayAsync(turn, shared.Count == 0 ? "withdraw.none" : "withdraw.which", cancellationToken);
            return;
        }

        var card = shared[number - 1];
        if (card.Status == SharedCardStatus.Withdrawn)
        {
            await replies.SayAsync(turn, "withdraw.already", cancellationToken);
            return;
        }

        SupervisionGroup group;
        try
        {
            group = await withdrawal.WithdrawAsync(card, cancellationToken);
        }
        catch (Exception ex) when (ChannelPoster.IsChannelFailure(ex))
        {
            await replies.SayAsync(turn, "withdraw.failed", cancellationToken);
            return;
        }

        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.CardWithdrawn, card.Id, card.GroupId), cancellationToken);
        await replies.SayAsync(turn, "withdraw.done", cancellationToken, ("group", group.Name));
    }

    private async Task ShowOptionsAsync(ITurnContext turn, ShareDraft draft, CompletedReflection reflection, IReadOnlyList<SupervisionGroup> groups, string? notice, CancellationToken cancellationToken)
    {
        var available = composer.Available(reflection);
        var data = new JsonObject
        {
            ["title"] = Text["share.title"],
            ["intro"] = Text["share.intro"],
            ["notice"] = notice ?? string.Empty,
            ["groupLabel"] = Text["share.groupLabel"],
            ["group"] = draft.GroupId,
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["title"] = g.Name, ["value"] = g.Id })]),
            ["items"] = new JsonArray([.. available.Select(i => (JsonNode)new JsonObject { ["title"] = ItemTitle(i), ["value"] = i.Key })]),
            ["chosen"] = string.Join(",", available.Select(i => i.Key).Where(SharedCardComposer.Chosen(draft).Contains)),
            ["allowsFreeText"] = options.Value.AllowsFreeText,
            ["anonymous"] = Flag(draft.Anonymous),
            ["question"] = draft.Question ?? string.Empty,
            ["labels"] = new JsonObject
            {
                ["items"] = Text["share.itemsLabel"],
                ["anonymous"] = Text["share.anonymous"],
                ["question"] = Text["share.questionLabel"],
                ["questionPlaceholder"] = Text["share.questionPlaceholder"],
                ["remove"] = Text["share.removeLabel"],
                ["removePlaceholder"] = Text["share.removePlaceholder"],
            },
            ["actions"] = new JsonObject { ["preview"] = Text["share.preview"], ["cancel"] = Text["share.cancel"] },
            ["fallbackText"] = Text[options.Value.AllowsFreeText ? "share.fallback" : "share.fallbackNoText"],
        };
        await replies.CardAsync(turn, OptionsTemplate, data, cancellationToken);
    }

    /// <returns>False when nothing was chosen, so the choices were shown again instead.</returns>
    private async Task<bool> ShowPreviewAsync(ITurnContext turn, ShareDraft draft, CompletedReflection reflection, IReadOnlyList<SupervisionGroup> groups, string? notice, IReadOnlyCollection<string> alsoRemove, CancellationToken cancellationToken)
    {
        var preview = await ComposeAsync(turn, draft, reflection, groups, alsoRemove, cancellationToken);
        if (!composer.HasItems(preview.Content))
        {
            // Nothing for the group to read: back to the choices, and no preview to post.
            draft.PreviewId = null;
            draft.PreviewContent = null;
            await _draft.SetAsync(turn, draft, cancellationToken);
            await ShowOptionsAsync(turn, draft, reflection, groups, Text["share.nothingChosen"], cancellationToken);
            return false;
        }

        draft.RemovedOnRequest = alsoRemove.Count == 0 ? 0
            : Math.Max(0, preview.Removed.Count - (await ComposeAsync(turn, draft, reflection, groups, [], cancellationToken)).Removed.Count);
        await ShowConfirmAsync(turn, draft, groups, preview.Content, preview.Removed, 0, notice, cancellationToken);
        return true;
    }

    private async Task<SharePreview> ComposeAsync(ITurnContext turn, ShareDraft draft, CompletedReflection reflection, IReadOnlyList<SupervisionGroup> groups, IReadOnlyCollection<string> alsoRemove, CancellationToken cancellationToken)
    {
        var owner = await people.FindAsync(Person.KeyOf(turn.Activity), cancellationToken);
        return composer.Compose(groups.First(g => g.Id == draft.GroupId), reflection, draft, owner?.DisplayName ?? turn.Activity.From?.Name, alsoRemove);
    }

    /// <summary>
    /// Keeps the de-identified content as the draft (never the words asked to be taken out) and shows the card, every
    /// removal, and the ways to take out more.
    /// </summary>
    private async Task ShowConfirmAsync(ITurnContext turn, ShareDraft draft, IReadOnlyList<SupervisionGroup> groups, JsonObject content, IReadOnlyList<Redaction> removed, int earlier, string? notice, CancellationToken cancellationToken)
    {
        var group = groups.First(g => g.Id == draft.GroupId);
        draft.PreviewId = Guid.NewGuid().ToString("N");
        draft.PreviewContent = content.ToJsonString();
        await _draft.SetAsync(turn, draft, cancellationToken);

        var hasFreeText = composer.HasFreeText(content);
        var confirm = new JsonObject
        {
            ["title"] = Text["confirm.title"],
            ["notice"] = notice ?? (hasFreeText ? string.Empty : Text[options.Value.AllowsFreeText ? "confirm.structuredOnly" : "confirm.freeTextForbidden"]),
            ["removedTitle"] = Text["confirm.removedTitle"],
            ["removed"] = new JsonArray([.. removed.DistinctBy(r => (r.Original.ToLowerInvariant(), r.Kind)).Select(r => (JsonNode)new JsonObject { ["original"] = r.Original, ["tag"] = composer.TagOf(r) })]),
            ["earlier"] = earlier > 0 ? Text.Fill("confirm.earlier", ("count", earlier)) : string.Empty,
            ["nothingRemoved"] = Text["confirm.nothingRemoved"],
            ["canRemoveMore"] = hasFreeText,
            ["alsoRemoveLabel"] = Text["confirm.alsoRemoveLabel"],
            ["alsoRemovePlaceholder"] = Text["confirm.alsoRemovePlaceholder"],
            ["chooseLabel"] = Text["confirm.chooseLabel"],
            ["choices"] = new JsonArray([.. composer.WordsToReview(content).Select(w => (JsonNode)new JsonObject { ["title"] = w, ["value"] = w })]),
            ["previewId"] = draft.PreviewId,
            ["actions"] = new JsonObject { ["post"] = Text["confirm.post"], ["removeMore"] = Text["confirm.removeMore"], ["edit"] = Text["confirm.edit"], ["cancel"] = Text["confirm.cancel"] },
            ["fallbackText"] = Text[hasFreeText ? "confirm.fallback" : "confirm.fallbackNoText"],
        };

        // The group's card exactly as it will be posted, then what was taken out and the choice to post.
        await turn.SendActivitiesAsync(
            [
                MessageFactory.Text(Text.Fill("confirm.lead", ("group", group.Name))),
                groupCards.Activity(content, "preview", null, [], turn.Activity.ChannelId),
                replies.Card(ConfirmTemplate, confirm, turn.Activity.ChannelId),
            ],
            cancellationToken);
    }

    private async Task<(ShareDraft Draft, CompletedReflection Reflection, IReadOnlyList<SupervisionGroup> Groups)?> LoadAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var owner = Person.KeyOf(turn.Activity);
        var draft = await _draft.GetAsync(turn, () => null!, cancellationToken);
        var reflection = draft is null ? null : await history.FindAsync(owner, draft.ReflectionId, cancellationToken);
        var groups = await store.GroupsOfAsync(owner, cancellationToken);
        if (draft is null || reflection is null || groups.Count == 0)
        {
            await _draft.DeleteAsync(turn, cancellationToken);
            await replies.SayAsync(turn, groups.Count == 0 && draft is not null ? "share.noGroup" : "share.noReflection", cancellationToken, ("groups", SupervisionReplies.Names(await store.AllGroupsAsync(cancellationToken))));
            return null;
        }

        if (groups.All(g => g.Id != draft.GroupId))
        {
            draft.GroupId = groups[0].Id;
        }

        return (draft, reflection, groups);
    }

    /// <summary>Reads the options card's inputs; anything unexpected keeps the earlier choice.</summary>
    private static void Apply(ShareDraft draft, JsonObject submit, IReadOnlyList<SupervisionGroup> groups, IReadOnlyList<ShareItem> available)
    {
        if (Str(submit, "group") is { } group && groups.Any(g => g.Id == group))
        {
            draft.GroupId = group;
        }

        if (Str(submit, "items") is { } ticked)
        {
            var keys = ticked.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            draft.Items = [.. available.Select(i => i.Key).Where(keys.Contains)];
        }

        // A form from before the list had two toggles for the clinician's own words.
        foreach (var (toggle, key) in new[] { ("includeMoment", "moment"), ("includeIntention", "intention") })
        {
            if (Bool(submit, toggle) is { } include)
            {
                draft.Items = [.. SharedCardComposer.Chosen(draft).Where(k => k != key), .. include ? [key] : Array.Empty<string>()];
            }
        }

        draft.Anonymous = Bool(submit, "anonymous") ?? draft.Anonymous;
        if (submit.ContainsKey("question"))
        {
            draft.Question = Str(submit, "question") is { Length: > 0 } question ? question.Trim() : null;
        }
    }

    /// <summary>The words in a card field, split on commas, semicolons, new lines and "and".</summary>
    private static List<string> WordsToRemove(JsonObject submit, string name) => Split(Str(submit, name));

    private static List<string> Split(string? typed) =>
        [.. (typed ?? string.Empty).Replace(" and ", ",", StringComparison.OrdinalIgnoreCase)
            .Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.Trim('"', '\'', '“', '”', '.'))
            .Where(w => w.Length > 0)];

    private static string? Str(JsonObject submit, string name) =>
        submit[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool? Bool(JsonObject submit, string name) => Str(submit, name) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>How the form lists an item: an answer with what it says, the clinician's own words by name only.</summary>
    private string ItemTitle(ShareItem item) => item.IsFreeText
        ? Text[item.Key == "moment" ? "share.itemMoment" : "share.itemIntention"]
        : Text.Fill("share.item", ("label", item.Label), ("text", item.Text));

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberList();

    [GeneratedRegex(@"^\s*\d+(\s*(,|;|and|\s)\s*\d+)*\s*\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OnlyNumbers();
}
