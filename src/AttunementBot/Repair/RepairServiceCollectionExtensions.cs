using AttunementBot.Reflection;

namespace AttunementBot.Repair;

public static class RepairServiceCollectionExtensions
{
    /// <summary>Repair language from the embedded phrase library, checked once at start-up.</summary>
    public static IServiceCollection AddRepairLanguage(this IServiceCollection services)
    {
        services.AddSingleton<IRepairLanguage, RepairSuggester>();
        return services;
    }
}
