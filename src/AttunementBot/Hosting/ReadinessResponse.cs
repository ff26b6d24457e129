using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AttunementBot.Hosting;

/// <summary>
/// /readyz in plain text with each check's description, so an operator behind a load balancer sees which database
/// the instance uses and what to check when it does not answer, not only "Unhealthy".
/// </summary>
public static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}. {e.Value.Description}");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', lines)}\n");
    }
}
