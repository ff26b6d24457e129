using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using IMiddleware = Microsoft.Bot.Builder.IMiddleware;

namespace AttunementBot.Bot;

/// <summary>
/// The Bot Framework's CloudAdapter with this bot's middleware and a turn-error handler that
/// keeps people's work: a turn is saved only when it succeeds (<see cref="TurnTransactionMiddleware"/>),
/// so a failed turn leaves every earlier answer as it was.
/// </summary>
public sealed partial class AttunementAdapter : CloudAdapter
{
    /// <summary>
    /// The framework's own per-turn logging goes under its own name, so the "Microsoft.Bot" log level
    /// (Warning by default) governs it, apart from this bot's messages.
    /// </summary>
    private const string FrameworkLogCategory = "Microsoft.Bot.Builder.CloudAdapter";

    public AttunementAdapter(
        BotFrameworkAuthentication authentication,
        TurnTransactionMiddleware transaction,
        IEnumerable<IMiddleware> features,
        BotText text,
        ILogger<AttunementAdapter> logger,
        ILoggerFactory loggers)
        : base(authentication, new RefusedCallersAreDebug(loggers.CreateLogger(FrameworkLogCategory)))
    {
        // First, so every reply is made safe before the turn holds it for the outbox.
        Use(new Cards.SafeTextMiddleware());
        Use(transaction);

        // Features' own middleware (People remembers who wrote) runs inside the turn's transaction, so what it writes
        // is part of the turn's one commit.
        foreach (var feature in features)
        {
            Use(feature);
        }

        OnTurnError = async (turnContext, exception) =>
        {
            // Never the exception's message: it can quote what the person wrote.
            LogTurnError(logger, exception.GetType().FullName ?? "unknown", turnContext.Activity.Type, turnContext.Activity.ChannelId, turnContext.Activity.Id, exception.StackTrace ?? string.Empty);
            if (turnContext.Activity.Type is ActivityTypes.Message or ActivityTypes.Invoke && !turnContext.Responded)
            {
                try
                {
                    await turnContext.SendActivityAsync(MessageFactory.Text(text.TurnError));
                }
                catch (Exception sendFailure) when (sendFailure is not OperationCanceledException)
                {
                    LogApologyFailed(logger, sendFailure.GetType().FullName ?? "unknown");
                }
            }
        };
    }

    /// <summary>
    /// Runs an activity that did not arrive over HTTP (the terminal chat) through the same
    /// pipeline. Only valid with the anonymous authentication the terminal chat is built with.
    /// </summary>
    public Task<InvokeResponse> ProcessLocalActivityAsync(Activity activity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ProcessActivityAsync(string.Empty, activity, callback, cancellationToken);

    /// <summary>
    /// The framework logs an error with a stack trace for every caller it refuses; a refused caller is not the
    /// bot's error, and anyone could fill the logs with them. They are kept, at Debug.
    /// </summary>
    private sealed class RefusedCallersAreDebug(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The framework writes the refusal as the exception's own text, stack trace included.
            var refused = exception is UnauthorizedAccessException
                || (logLevel >= LogLevel.Warning && state?.ToString()?.StartsWith(typeof(UnauthorizedAccessException).FullName!, StringComparison.Ordinal) == true);
            if (!refused)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
            else if (inner.IsEnabled(LogLevel.Debug))
            {
                inner.Log(LogLevel.Debug, eventId, "Refused a caller that could not be authenticated", null, static (message, _) => message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed with {ExceptionType} on {ActivityType} activity {ActivityId} from {ChannelId}\n{StackTrace}")]
    private static partial void LogTurnError(ILogger logger, string exceptionType, string activityType, string channelId, string activityId, string stackTrace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the person a turn failed: {ExceptionType}")]
    private static partial void LogApologyFailed(ILogger logger, string exceptionType);
}
