using System.Globalization;
using AttunementBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Rest;

namespace AttunementBot.Scheduling;

public enum SendResult
{
    Sent,

    /// <summary>429: the channel did not post; try again after Retry-After.</summary>
    RateLimited,

    /// <summary>5xx, an open circuit, or no connection: nothing was posted; try again later, a few times.</summary>
    Transient,

    /// <summary>403: the person removed or blocked the bot.</summary>
    Forbidden,

    /// <summary>Another 4xx: retrying cannot help.</summary>
    Rejected,

    /// <summary>A timeout or a broken answer: it may have been posted. Never retried (a missed prompt beats a duplicate).</summary>
    Uncertain,
}

/// <param name="Reason">A status code or an exception type: safe for logs and records, never message text.</param>
public sealed record SendOutcome(SendResult Result, string Reason, TimeSpan? RetryAfter = null)
{
    public static readonly SendOutcome Sent = new(SendResult.Sent, "sent");
}

/// <summary>Posts one activity into a stored conversation, without being asked.</summary>
public interface IProactiveSender
{
    Task<SendOutcome> SendAsync(ConversationReference reference, IActivity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Proactive sends through the bot's own adapter (<c>ContinueConversationAsync</c>), so they take the same
/// authenticated connector client and HTTP pipeline as replies. The Bot Connector client does not retry a
/// POST itself (the host's resilience handler has retries off for unsafe methods) and reports a failing
/// status as <see cref="ErrorResponseException"/>, whose Response carries the status code and headers;
/// this class turns that into a <see cref="SendOutcome"/>.
/// </summary>
public sealed class AdapterProactiveSender(AttunementAdapter adapter, IConfiguration configuration, TimeProvider clock) : IProactiveSender
{
    public Task<SendOutcome> SendAsync(ConversationReference reference, IActivity activity, CancellationToken cancellationToken) =>
        CaptureAsync(
            callback => adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? string.Empty, reference, callback, cancellationToken),
            async (turn, token) => await turn.SendActivityAsync(activity, token),
            clock,
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a proactive turn that <paramref name="turn"/> starts, and classifies what
    /// went wrong, inside the turn or around it. The adapter's turn-error handler would swallow an exception
    /// thrown inside the callback, so it is caught here instead.
    /// </summary>
    internal static async Task<SendOutcome> CaptureAsync(Func<BotCallbackHandler, Task> turn, BotCallbackHandler work, TimeProvider clock, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await turn(async (context, token) =>
            {
                try
                {
                    await work(context, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    failure = ex;
                }
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure ??= ex;
        }

        return failure is null ? SendOutcome.Sent : Classify(failure, clock.GetUtcNow());
    }

    internal static SendOutcome Classify(Exception failure, DateTimeOffset now)
    {
        var typeName = failure.GetType().Name;
        switch (failure)
        {
            case ErrorResponseException { Response: { } connectorResponse }:
                return FromStatus((int)connectorResponse.StatusCode, connectorResponse.Headers, now);
            case HttpOperationException { Response: { } response }:
                return FromStatus((int)response.StatusCode, response.Headers, now);
            case Polly.CircuitBreaker.BrokenCircuitException:
                return new SendOutcome(SendResult.Transient, typeName);
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }:
                // The request never reached the channel.
                return new SendOutcome(SendResult.Transient, typeName);
            default:
                return new SendOutcome(SendResult.Uncertain, typeName);
        }
    }

    private static SendOutcome FromStatus(int status, IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        var reason = status.ToString(CultureInfo.InvariantCulture);
        return status switch
        {
            429 => new SendOutcome(SendResult.RateLimited, reason, RetryAfter(headers, now)),
            403 => new SendOutcome(SendResult.Forbidden, reason),
            >= 500 => new SendOutcome(SendResult.Transient, reason),
            _ => new SendOutcome(SendResult.Rejected, reason),
        };
    }

    /// <summary>Retry-After as seconds or as an HTTP date (RFC 9110).</summary>
    internal static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now ? at - now : TimeSpan.Zero;
    }
}
