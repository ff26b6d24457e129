using AttunementBot.Privacy;

namespace AttunementBot.People;

public static class PeopleServiceCollectionExtensions
{
    public static IServiceCollection AddPeople(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PeopleOptions>()
            .Bind(configuration.GetSection(PeopleOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DefaultTimeZone, out _),
                "People:DefaultTimeZone is not a time zone this machine knows; use an IANA name such as \"Europe/London\" or \"America/New_York\".")
            .ValidateOnStart();
        services.AddSingleton<IPeopleDirectory, PeopleDirectory>();
        services.AddSingleton<IPersonalData, PeoplePersonalData>();
        services.AddSingleton<RememberPeopleMiddleware>();
        services.AddSingleton<Microsoft.Bot.Builder.IMiddleware>(sp => sp.GetRequiredService<RememberPeopleMiddleware>());
        return services;
    }
}
