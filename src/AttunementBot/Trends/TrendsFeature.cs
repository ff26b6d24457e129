using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.Common;
using AttunementBot.People;
using AttunementBot.Reflection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.Trends;

/// <summary>
/// "my trends" (typed, or a button's command), "trends off" and "trends on", "digest opt out" and
/// "digest opt in": a clinician's own, in their one-to-one chat.
/// </summary>
public sealed class TrendsFeature(PersonalTrends trends, TrendsStore store, CardLibrary cards, TrendsText text, TimeProvider clock) : IMessageFeature
{
    public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Submit is not null || PhraseCommand.Parse(input.Text, text) is not { Argument.Length: 0 } command)
        {
            return false;
        }

        var activity = turnContext.Activity;
        if (!activity.IsOneToOne())
        {
            await SayAsync(turnContext, text["trends.privateOnly"], cancellationToken);
            return true;
        }

        var person = Person.KeyOf(activity);
        var setting = await store.SettingAsync(person, cancellationToken);
        var reply = command.Name switch
        {
            "show" => await ShowAsync(person, setting, activity.ChannelId, cancellationToken),
            "off" => await ChangeAsync(person, setting with { TrendsOff = true }, text["trends.turnedOff"], cancellationToken),
            "on" => await ChangeAsync(person, setting with { TrendsOff = false }, text["trends.turnedOn"], cancellationToken),
            "optOut" when setting.DigestOptOut => MessageFactory.Text(text["digestChoice.alreadyOut"]),
            "optOut" => await ChangeAsync(person, setting with { DigestOptOut = true }, text["digestChoice.optedOut"], cancellationToken),
            "optIn" when !setting.DigestOptOut => MessageFactory.Text(text["digestChoice.alreadyIn"]),
            _ => await ChangeAsync(person, setting with { DigestOptOut = false }, text["digestChoice.optedIn"], cancellationToken),
        };
        await turnContext.SendActivityAsync(reply, cancellationToken);
        return true;
    }

    private async Task<IActivity> ShowAsync(string person, TrendsSetting setting, string channelId, CancellationToken cancellationToken)
    {
        if (setting.TrendsOff)
        {
            return MessageFactory.Text(text["trends.isOff"]);
        }

        return await trends.BuildAsync(person, cancellationToken) is { } card
            ? ChannelRenderer.ToActivity(cards.Render(FiguresCard.Trends, card), channelId)
            : MessageFactory.Text(text["trends.empty"]);
    }

    private async Task<IActivity> ChangeAsync(string person, TrendsSetting setting, string words, CancellationToken cancellationToken)
    {
        await store.SetAsync(person, setting, clock.GetUtcNow(), cancellationToken);
        return MessageFactory.Text(words);
    }

    private static async Task SayAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);
}
