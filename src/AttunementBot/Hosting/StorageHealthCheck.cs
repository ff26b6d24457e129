using AttunementBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AttunementBot.Hosting;

/// <summary>Ready means the bot can read and write state: the database answers.</summary>
public sealed class StorageHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy("Storage answers.")
            : HealthCheckResult.Unhealthy("Storage does not answer. Check Storage:DataFolder exists and is writable.");
}
