using AttunementBot.Storage.Protection;

namespace AttunementBot.Reflection;

public static class ReflectionServiceCollectionExtensions
{
    /// <summary>Completed reflections, on the bot's database, encrypted at rest (Privacy makes them part of each person's data).</summary>
    public static IServiceCollection AddReflectionHistory(this IServiceCollection services)
    {
        services.AddSingleton<IReflectionHistory, ReflectionHistory>();
        services.AddProtectedColumn(ReflectionHistory.Answers);
        return services;
    }

    /// <summary>The reflection itself; the repair language it offers comes from whoever provides <see cref="IRepairLanguage"/>.</summary>
    public static IServiceCollection AddReflectionFlow(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ReflectionFlow(sp.GetRequiredService<IRepairLanguage>()));
        return services;
    }
}
