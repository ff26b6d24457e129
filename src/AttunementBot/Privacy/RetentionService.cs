using AttunementBot.Common;
using AttunementBot.Reflection;
using Microsoft.Extensions.Options;

namespace AttunementBot.Privacy;

/// <summary>Once a day, deletes completed reflections older than the retention period.</summary>
public sealed class RetentionService(
    IReflectionHistory history,
    TimeProvider clock,
    IOptions<PrivacyOptions> options,
    ILogger<RetentionService> logger) : DailySweep(clock, logger)
{
    protected override string What => "reflection(s)";

    protected override int RetentionDays => options.Value.ReflectionRetentionDays;

    protected override Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        history.DeleteCompletedBeforeAsync(cutoff, cancellationToken);
}
