using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.Common;
using AttunementBot.Common.Audit;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.Privacy;

/// <summary>
/// "my data" shows a clinician everything the bot keeps about them and offers a copy or deletion;
/// "export my data" gives them the copy; "delete my data", once confirmed, has every feature forget them.
/// </summary>
public sealed class PrivacyFeature(
    IEnumerable<IPersonalData> parts,
    PrivacyText text,
    UserState userState,
    TimeProvider clock,
    IOptions<PrivacyOptions> options,
    PersonalDataExporter exporter,
    ExportDelivery delivery,
    CardLibrary cards,
    IAuditLog audit) : IMessageFeature
{
    private static readonly TimeSpan ConfirmWithin = TimeSpan.FromMinutes(10);
    private readonly IStatePropertyAccessor<DeletionRequest> _request = userState.CreateProperty<DeletionRequest>(nameof(DeletionRequest));

    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null || PhraseCommand.Parse(input.Text, text) is not { Argument.Length: 0 } command)
        {
            return false;
        }

        if (!turnContext.Activity.IsOneToOne())
        {
            await SayAsync(turnContext, text["onlyPrivate"], cancellationToken);
            return true;
        }

        var person = turnContext.Activity.PersonKey();
        switch (command.Name)
        {
            case "myData":
                await DescribeAsync(turnContext, person, cancellationToken);
                break;
            case "export":
                await delivery.DeliverAsync(turnContext, await exporter.ExportAsync(person, cancellationToken), cancellationToken);
                await audit.RecordAsync(AuditEvent.By(turnContext.Activity, AuditActions.DataExported, person), cancellationToken);
                break;
            case "delete":
                await _request.SetAsync(turnContext, new DeletionRequest { RequestedAt = clock.GetUtcNow() }, cancellationToken);
                await SayAsync(turnContext, text["confirm"], cancellationToken);
                break;
            case "confirm":
                await ConfirmAsync(turnContext, person, cancellationToken);
                break;
        }

        return true;
    }

    private async Task DescribeAsync(ITurnContext turn, string person, CancellationToken cancellationToken)
    {
        var counts = new List<PersonalDataCount>();
        foreach (var part in parts)
        {
            counts.AddRange(await part.CountAsync(person, cancellationToken));
        }

        var lines = counts.Where(c => c.Count > 0)
            .Select(c => "- " + text.Fill($"kinds.{c.Kind}", ("count", c.Count), ("days", options.Value.ReflectionRetentionDays)))
            .ToList();
        if (lines.Count == 0)
        {
            await SayAsync(turn, text["nothing"], cancellationToken);
            return;
        }

        var offer = new NoticeCard(
            text["summaryTitle"],
            string.Join('\n', [.. lines, string.Empty, text["summaryHint"]]),
            Actions: [new NoticeAction(text["exportButton"], text.Words("export")[0]), new NoticeAction(text["deleteButton"], text.Words("delete")[0])]);
        await turn.SendActivityAsync(ChannelRenderer.ToActivity(cards.Render(NoticeCard.Template, offer), turn.Activity.ChannelId), cancellationToken);
    }

    private async Task ConfirmAsync(ITurnContext turn, string person, CancellationToken cancellationToken)
    {
        var request = await _request.GetAsync(turn, () => null!, cancellationToken);
        if (request is null || clock.GetUtcNow() - request.RequestedAt > ConfirmWithin)
        {
            await SayAsync(turn, text["notAsked"], cancellationToken);
            return;
        }

        foreach (var part in parts)
        {
            await part.ForgetAsync(turn, person, cancellationToken);
        }

        // Last, the bot's own memory of them: the welcome, a reflection in progress, a share being prepared.
        await userState.DeleteAsync(turn, cancellationToken);
        await audit.RecordAsync(AuditEvent.By(turn.Activity, AuditActions.DataDeleted, person), cancellationToken);
        await SayAsync(turn, text["deleted"], cancellationToken);
    }

    private static async Task SayAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);

    /// <summary>A "delete my data" waiting for its confirmation (user state).</summary>
    public sealed class DeletionRequest
    {
        public DateTimeOffset RequestedAt { get; set; }
    }
}
