using System.Text.Json.Nodes;
using AttunementBot.Bot;
using AttunementBot.Common;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>
/// The supervision feature's commands and card buttons, routed to membership, sharing and
/// review. It claims only its own submits and its own command words.
/// </summary>
public sealed class SupervisionFeature(GroupMembership membership, Sharing sharing, GroupReview review, SupervisionText text) : IMessageFeature
{
    public const string FlowName = "supervision";

    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is { } submit)
        {
            if (submit["flow"] is not JsonValue flow || !flow.TryGetValue<string>(out var name) || name != FlowName)
            {
                return false;
            }

            await HandleSubmitAsync(turnContext, submit, cancellationToken);
            return true;
        }

        if (PhraseCommand.Parse(input.Text, text) is not { } command)
        {
            // The share form's list, answered by its numbers alone ("1, 3") as a text channel shows it.
            return Sharing.IsNumberList(input.Text) && await sharing.HasDraftAsync(turnContext, cancellationToken)
                && await sharing.IncludeAsync(turnContext, input.Text!, cancellationToken);
        }

        return await HandleCommandAsync(turnContext, command, cancellationToken);
    }

    private async Task HandleSubmitAsync(ITurnContext<IMessageActivity> turn, JsonObject submit, CancellationToken cancellationToken)
    {
        var action = submit["action"] is JsonValue a && a.TryGetValue<string>(out var value) ? value : null;
        switch (action)
        {
            case "preview":
                await sharing.PreviewAsync(turn, submit, cancellationToken);
                break;
            case "post":
                await sharing.PostAsync(turn, submit["previewId"] is JsonValue p && p.TryGetValue<string>(out var id) ? id : string.Empty, cancellationToken);
                break;
            case "removeMore":
                await sharing.RemoveMoreAsync(turn, string.Empty, submit, cancellationToken);
                break;
            case "edit":
                await sharing.EditAsync(turn, cancellationToken);
                break;
            case "cancel":
                await sharing.CancelAsync(turn, cancellationToken);
                break;
            default:
                // A group card's buttons, and anything this feature does not know: the review says which it is.
                var answer = await review.ActAsync(turn, action, submit, cancellationToken);
                if (answer.Words is { } words)
                {
                    await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);
                }

                break;
        }
    }

    private async Task<bool> HandleCommandAsync(ITurnContext<IMessageActivity> turn, PhraseCommand command, CancellationToken cancellationToken)
    {
        // These words only mean something while a share is being prepared.
        if (command.Name is "preview" or "post" or "edit" or "cancel" or "removeMore" or "include" && !await sharing.HasDraftAsync(turn, cancellationToken))
        {
            return false;
        }

        var task = command.Name switch
        {
            "setUp" => membership.SetUpAsync(turn, command.Argument, cancellationToken),
            "join" => membership.JoinAsync(turn, command.Argument, cancellationToken),
            "leave" => membership.LeaveAsync(turn, command.Argument, cancellationToken),
            "myGroups" => membership.ListAsync(turn, cancellationToken),
            "addLead" => membership.AddLeadAsync(turn, command.Argument, cancellationToken),
            "share" => sharing.StartAsync(turn, cancellationToken),
            "preview" => sharing.PreviewAsync(turn, null, cancellationToken),
            "post" => sharing.PostAsync(turn, null, cancellationToken),
            "edit" => sharing.EditAsync(turn, cancellationToken),
            "removeMore" => sharing.RemoveMoreAsync(turn, command.Argument, null, cancellationToken),
            "cancel" => sharing.CancelAsync(turn, cancellationToken),
            "include" => sharing.IncludeAsync(turn, command.Argument, cancellationToken),
            "myShared" => sharing.ListSharedAsync(turn, cancellationToken),
            "withdraw" => command.Argument.Length == 0 ? sharing.ListSharedAsync(turn, cancellationToken) : sharing.WithdrawAsync(turn, command.Argument, cancellationToken),
            "discussionList" => review.DiscussionListAsync(turn, cancellationToken),
            "markDiscussed" => review.MarkDiscussedAsync(turn, command.Argument, cancellationToken),
            _ => null,
        };
        if (task is null)
        {
            return false;
        }

        await task;
        return true;
    }
}
