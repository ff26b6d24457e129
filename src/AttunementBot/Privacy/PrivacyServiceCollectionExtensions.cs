using AttunementBot.Bot;

namespace AttunementBot.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>"my data", "export my data", "delete my data", the Teams file upload and the retention sweep, over every feature's <see cref="IPersonalData"/>.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<PrivacyText>();
        services.AddSingleton<PersonalDataExporter>();
        services.AddSingleton<ExportDelivery>();
        services.AddSingleton<IInvokeFeature, FileConsentExport>();

        // Each feature registers its own IPersonalData; this one only asks them all. Reflections are Privacy's to
        // describe, so the Reflection feature need not know about personal data.
        services.AddSingleton<IPersonalData, ReflectionHistoryPersonalData>();
        services.AddSingleton<IMessageFeature, PrivacyFeature>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
