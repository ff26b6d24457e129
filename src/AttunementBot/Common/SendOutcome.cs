using System.Globalization;
using Microsoft.Bot.Schema;
using Microsoft.Rest;

namespace AttunementBot.Common;

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

    /// <summary>A timeout or a broken answer: it may have been posted.</summary>
    Uncertain,
}

/// <summary>
/// What became of one send to a channel. The Bot Connector client reports a failing status as
/// <see cref="ErrorResponseException"/>, whose Response carries the status code and headers.
/// </summary>
/// <param name="Reason">A status code or an exception type: safe for logs and records, never message text.</param>
public sealed record SendOutcome(SendResult Result, string Reason, TimeSpan? RetryAfter = null)
{
    public static readonly SendOutcome Sent = new(SendResult.Sent, "sent");

    public static SendOutcome Classify(Exception failure, DateTimeOffset now)
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
            429 => new SendOutcome(SendResult.RateLimited, reason, ParseRetryAfter(headers, now)),
            403 => new SendOutcome(SendResult.Forbidden, reason),
            >= 500 => new SendOutcome(SendResult.Transient, reason),
            _ => new SendOutcome(SendResult.Rejected, reason),
        };
    }

    /// <summary>Retry-After as seconds or as an HTTP date (RFC 9110).</summary>
    public static TimeSpan? ParseRetryAfter(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
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
