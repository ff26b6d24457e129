using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.IdentityModel.Tokens;

namespace AttunementBot.Hosting;

/// <summary>
/// POST /api/messages: the guard, then the Bot Framework. What the framework throws before a turn begins
/// (a token it cannot read, authentication metadata it cannot fetch) is the caller's problem or a passing
/// one, never a 500: a token that cannot be verified is 401; metadata out of reach is 503 with Retry-After,
/// logged as one warning a minute at most, so no caller can fill the logs.
/// </summary>
public sealed partial class MessagesEndpoint(
    ActivityRequestGuard guard,
    IBotFrameworkHttpAdapter adapter,
    IBot bot,
    TimeProvider clock,
    ILogger<MessagesEndpoint> logger)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private long _lastWarningTicks;

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (await guard.CheckAsync(http.Request, cancellationToken) is { } problem)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest);
            return problem;
        }

        try
        {
            await adapter.ProcessAsync(http.Request, http.Response, bot, cancellationToken);
            return Results.Empty;
        }
        catch (Exception ex) when (!http.Response.HasStarted && IsUnverifiableToken(ex))
        {
            LogUnverified(logger, ex);
            return Results.Problem(detail: "The request's token could not be verified.", statusCode: StatusCodes.Status401Unauthorized);
        }
        catch (Exception ex) when (!http.Response.HasStarted && IsMetadataOutOfReach(ex))
        {
            LogUnverified(logger, ex);
            WarnNowAndThen(ex);
            http.Response.Headers.RetryAfter = "30";
            return Results.Problem(detail: "The bot cannot check callers' tokens right now. Please try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static bool IsUnverifiableToken(Exception ex) =>
        ex is SecurityTokenException or SecurityTokenMalformedException or UnauthorizedAccessException
            || (ex is ArgumentException && ex.Message.StartsWith("IDX", StringComparison.Ordinal));

    /// <summary>IDX20803/IDX20804: the OpenID configuration or signing keys could not be fetched.</summary>
    private static bool IsMetadataOutOfReach(Exception ex) =>
        ex is HttpRequestException or TaskCanceledException
            || (ex is InvalidOperationException or IOException && (ex.Message.Contains("IDX2080", StringComparison.Ordinal) || ex.InnerException is HttpRequestException or IOException));

    private void WarnNowAndThen(Exception ex)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= WarningInterval.Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogMetadataOutOfReach(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request to /api/messages with {Status}")]
    private static partial void LogRefused(ILogger logger, int status);

    /// <summary>The exception's type only: its message can quote the token.</summary>
    private static void LogUnverified(ILogger logger, Exception ex)
    {
        var type = ex.GetType().Name;
        LogUnverifiedType(logger, type);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not verify a caller: {ExceptionType}")]
    private static partial void LogUnverifiedType(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication metadata is out of reach ({ExceptionType}); callers get 503 until it is back (said at most once a minute)")]
    private static partial void LogMetadataOutOfReach(ILogger logger, string exceptionType);
}
