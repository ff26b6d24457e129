using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AttunementBot.Storage;

/// <summary>Ready means the bot can read and write state: the database answers.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"The database answers ({database.Dialect.Provider}).")
            : HealthCheckResult.Unhealthy(database.Dialect.Provider == StorageProvider.Postgres
                ? "The PostgreSQL database does not answer. Check Storage:ConnectionString, the server, and the network between them."
                : "The SQLite database does not answer. Check Storage:DataFolder exists and is writable.");
}
