using AttunementBot.Common;
using Microsoft.Extensions.Options;

namespace AttunementBot.Audit;

/// <summary>Once a day, deletes audit events older than the audit retention period.</summary>
public sealed class AuditRetentionService(
    AuditLog log,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<AuditRetentionService> logger) : DailySweep(clock, logger)
{
    protected override string What => "audit event(s)";

    protected override int RetentionDays => options.Value.RetentionDays;

    protected override Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        log.DeleteBeforeAsync(cutoff, cancellationToken);
}
