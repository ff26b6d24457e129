using AttunementBot.Bot;
using AttunementBot.Common;
using AttunementBot.Privacy;
using AttunementBot.Trends.Digest;

namespace AttunementBot.Trends;

public static class TrendsServiceCollectionExtensions
{
    /// <summary>A clinician's private trends, their choices about them, and the team digest the scheduler posts.</summary>
    public static IServiceCollection AddTrends(this IServiceCollection services)
    {
        services.AddSingleton<TrendsText>();
        services.AddSingleton<TrendsStore>();
        services.AddSingleton<PersonalTrends>();
        services.AddSingleton<IGroupDigest, WeeklyDigest>();
        services.AddSingleton<IPersonalData, TrendsPersonalData>();
        services.AddSingleton<IMessageFeature, TrendsFeature>();
        return services;
    }
}
