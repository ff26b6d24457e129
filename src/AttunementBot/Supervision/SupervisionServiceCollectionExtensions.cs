using AttunementBot.Bot;
using AttunementBot.Privacy;
using AttunementBot.Scheduling;
using AttunementBot.Storage.Protection;
using AttunementBot.Supervision.Deidentification;

namespace AttunementBot.Supervision;

public static class SupervisionServiceCollectionExtensions
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddOptions<SupervisionOptions>()
            .BindConfiguration(SupervisionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SupervisionText>();
        services.AddSingleton<Deidentifier>();
        services.AddHostedService<DeidentifierWarmUp>();
        services.AddSingleton<ISupervisionStore, SupervisionStore>();
        services.AddProtectedColumn(SupervisionStore.Content);
        services.AddSingleton<SupervisionReplies>();
        services.AddSingleton<SharedCardComposer>();
        services.AddSingleton<ChannelPoster>();
        services.AddSingleton<CardWithdrawal>();
        services.AddSingleton<IPersonalData, SupervisionPersonalData>();
        services.AddSingleton<TeamRoster>();
        services.AddSingleton<IConversationMembersListener>(sp => sp.GetRequiredService<TeamRoster>());
        services.AddSingleton<GroupMembership>();
        services.AddSingleton<Sharing>();
        services.AddSingleton<GroupCards>();
        services.AddSingleton<GroupReview>();
        services.AddSingleton<IMessageFeature, SupervisionFeature>();
        services.AddSingleton<IInvokeFeature, GroupCardInvoke>();
        services.AddSingleton<ISupervisionGroupMembers, SupervisionGroupMembers>();
        services.AddSingleton<AttunementBot.Common.Audit.IAuditGroups, SupervisionAuditGroups>();
        return services;
    }
}
