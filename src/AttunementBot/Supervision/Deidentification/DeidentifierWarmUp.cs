namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// Builds the de-identifier's shared word lists and patterns in the background as the bot starts, and runs every
/// pattern once, so that the first clinician to share after a restart does not wait for them. Start-up itself does
/// not wait: a share that arrives first simply builds them on its own, as it would without this.
/// </summary>
internal sealed partial class DeidentifierWarmUp(Deidentifier deidentifier, ILogger<DeidentifierWarmUp> logger) : BackgroundService
{
    // Invented and fixed, so that nothing anyone wrote is ever touched here: one of each kind of identifier.
    private const string Sample =
        "Sam Okafor (the brother) from Leeds called 07700 900461 on 12 March about St Mary's Primary, sam.o at gmail dot com, "
        + "@sam_99, NI QQ 12 34 56 C, 14 Elm Street, BT7 1NN, mrs k. said \"call me Sunny\" at xmas";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(
        () =>
        {
            try
            {
                deidentifier.DeidentifyAll([Sample, Sample.ToLowerInvariant()], ["Okafor"]);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not fatal: the first share builds what it needs itself (and reports its own failure).
                LogWarmUpFailed(logger, exception.GetType().Name);
            }
        },
        stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "De-identifier warm-up did not finish ({Reason}); the first share will build it")]
    private static partial void LogWarmUpFailed(ILogger logger, string reason);
}
