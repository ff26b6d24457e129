using AttunementBot.Bot;
using AttunementBot.Common.Audit;

namespace AttunementBot.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit trail every feature writes to, its retention, the operator's command and a lead's chat command.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>()
            .Bind(configuration.GetSection(AuditOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<AuditText>();
        services.AddSingleton<AuditCommand>();
        services.AddSingleton<IMessageFeature, AuditFeature>();
        services.AddHostedService<AuditRetentionService>();
        return services;
    }
}
