using AttunementBot.Bot;

namespace AttunementBot.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>"my reflections": browsing, reopening and deleting one's own past reflections.</summary>
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.AddSingleton<HistoryText>();
        services.AddSingleton<SqliteReflectionPages>();
        services.AddSingleton<HistoryCards>();
        services.AddSingleton<IMessageFeature, HistoryFeature>();
        return services;
    }
}
