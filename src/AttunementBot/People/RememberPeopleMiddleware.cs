using System.Collections.Concurrent;
using AttunementBot.Common;
using AttunementBot.Storage;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace AttunementBot.People;

/// <summary>
/// Keeps each person's one-to-one conversation reference fresh, so scheduled prompts and notes can reach them
/// later. Group conversations are not a way to reach one person. The record is written only when something
/// about the person changed (their address, name, tenant or time zone) or it is older than
/// <see cref="Staleness"/>, not on every message; and written in the turn's own commit, not one of its own.
/// </summary>
public sealed class RememberPeopleMiddleware(IPeopleDirectory people, TimeProvider clock) : IMiddleware
{
    public static readonly TimeSpan Staleness = TimeSpan.FromHours(1);

    /// <summary>More people than one instance talks to: past it the memory starts afresh.</summary>
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, (string Fingerprint, DateTimeOffset WrittenAt)> _written = new(StringComparer.Ordinal);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var personal = activity.IsOneToOne();
        if (personal && activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Invoke && activity.From?.Id is { Length: > 0 })
        {
            var key = Person.KeyOf(activity);
            var fingerprint = Fingerprint(activity);
            var now = clock.GetUtcNow();
            if (!_written.TryGetValue(key, out var last) || last.Fingerprint != fingerprint || now - last.WrittenAt >= Staleness)
            {
                await people.RememberWithTurnAsync(activity, cancellationToken);
                AfterCommit(() =>
                {
                    if (_written.Count >= MaxRemembered)
                    {
                        _written.Clear();
                    }

                    _written[key] = (fingerprint, now);
                });
            }
        }

        await next(cancellationToken);
    }

    /// <summary>What the stored record is made of, less the message's own id.</summary>
    private static string Fingerprint(Activity activity) => string.Join(
        '\u001f',
        activity.ServiceUrl,
        activity.Conversation?.Id,
        activity.Conversation?.TenantId,
        activity.Recipient?.Id,
        activity.From?.Name,
        activity.From?.AadObjectId,
        PeopleDirectory.ChannelTimeZone(activity));

    /// <summary>The person's record was deleted: their next message writes it afresh.</summary>
    public void Forget(string personKey)
    {
        _written.TryRemove(personKey, out _);

        // A deletion in a turn that also refreshed the record comes before that turn's note that it was written.
        AfterCommit(() => _written.TryRemove(personKey, out _));
    }

    /// <summary>What is remembered about a write may not run ahead of the turn's commit, which may still fail.</summary>
    private static void AfterCommit(Action remember)
    {
        if (TurnStateBuffer.Current is { } turn)
        {
            turn.OnCommitted(remember);
        }
        else
        {
            remember();
        }
    }
}
