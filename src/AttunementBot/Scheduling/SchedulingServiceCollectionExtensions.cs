using AttunementBot.Bot;
using AttunementBot.Privacy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Scheduled reflection prompts: the commands, the stores, and the background scheduler.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>()
            .Bind(configuration.GetSection(SchedulingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidation>();
        services.AddSingleton(_ => SchedulingText.Load());
        services.AddSingleton<IScheduleStore, ScheduleStore>();
        services.AddSingleton<IDeliveryStore, DeliveryStore>();
        services.AddSingleton<IClinicianSettingsStore, ClinicianSettingsStore>();
        services.AddSingleton<IPersonalData, SchedulingPersonalData>();
        // The supervision feature registers the real groups; until then, none.
        services.TryAddSingleton<ISupervisionGroupMembers, NoSupervisionGroups>();
        services.AddSingleton<IProactiveSender, AdapterProactiveSender>();
        services.AddSingleton<IChatOpener, TeamsChatOpener>();
        services.AddSingleton<SchedulingMessages>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<OccurrencePlanner>();
        services.AddSingleton<SchedulerEngine>();
        services.AddSingleton<SchedulerSignal>();
        services.AddHostedService<SchedulerService>();
        services.AddSingleton<SchedulingCommands>();
        services.AddSingleton<ScheduleTimes>();
        services.AddSingleton<ScheduleManagement>();
        services.AddSingleton<PromptSettings>();
        services.AddSingleton<PromptAnswers>();
        services.AddSingleton<PeopleSearch>();
        services.AddSingleton<IInvokeFeature, PeopleSearchInvoke>();
        services.AddSingleton<IMessageFeature, SchedulingFeature>();
        services.AddSingleton<DigestScheduleText>();
        services.AddSingleton<IMessageFeature, DigestScheduling>();
        return services;
    }
}
