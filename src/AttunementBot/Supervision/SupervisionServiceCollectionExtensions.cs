using AttunementBot.Bot;
using AttunementBot.Scheduling;
using AttunementBot.Supervision.Deidentification;

namespace AttunementBot.Supervision;

public static class SupervisionServiceCollectionExtensions
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddSingleton(_ => SupervisionText.Load());
        services.AddSingleton<Deidentifier>();
        services.AddSingleton<ISupervisionStore, SqliteSupervisionStore>();
        services.AddSingleton<SupervisionReplies>();
        services.AddSingleton<SharedCardComposer>();
        services.AddSingleton<ChannelPoster>();
        services.AddSingleton<GroupMembership>();
        services.AddSingleton<Sharing>();
        services.AddSingleton<GroupReview>();
        services.AddSingleton<IMessageFeature, SupervisionFeature>();
        services.AddSingleton<ISupervisionGroupMembers, SupervisionGroupMembers>();
        return services;
    }
}
