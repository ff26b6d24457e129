using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace AttunementBot.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>The Bot Framework runtime: authentication, the adapter and its middleware, the bot.</summary>
    /// <param name="requireCallerAuthentication">
    /// False for the terminal chat: it talks to the bot in-process, has no remote caller and
    /// sends nothing to Azure, so it runs anonymously whatever the configured app id.
    /// </param>
    public static IServiceCollection AddBotRuntime(this IServiceCollection services, IConfiguration configuration, bool requireCallerAuthentication)
    {
        services.AddOptions<SecurityOptions>()
            .Bind(configuration.GetSection(SecurityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var identity = services.AddOptions<BotIdentityOptions>().Bind(configuration);
        if (requireCallerAuthentication)
        {
            // Only a server listens for callers; the terminal chat talks to the bot in-process.
            services.AddSingleton<IValidateOptions<BotIdentityOptions>, BotIdentityValidation>();
            identity.ValidateOnStart();
            services.AddSingleton<IValidateOptions<BotCloudOptions>, BotCloudValidation>();
            services.AddOptions<BotCloudOptions>().Bind(configuration).ValidateOnStart();
        }

        // Calls to the Bot Connector: a resilience pipeline with timeouts and a circuit breaker.
        // POSTs are not retried blindly, because a retried send could post a message twice.
        var attemptTimeout = configuration.GetSection(DeliveryOptions.SectionName).GetValue(nameof(DeliveryOptions.AttemptTimeout), new DeliveryOptions().AttemptTimeout);
        services.AddHttpClient(Options.DefaultName)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.DisableForUnsafeHttpMethods();
                o.AttemptTimeout.Timeout = attemptTimeout;
                o.TotalRequestTimeout.Timeout = attemptTimeout * 3;
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attemptTimeout.Ticks * 2));
            });

        var authenticationSettings = requireCallerAuthentication ? configuration : new ConfigurationBuilder().Build();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication(
            authenticationSettings,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>())));
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TurnLocks>();
        services.AddSingleton<LiveCards>();
        services.AddSingleton<ReflectionReplies>();
        services.AddSingleton<ReplyDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplyDispatcher>());
        services.AddSingleton<TurnTransactionMiddleware>();
        services.AddSingleton(_ => BotText.Load());
        // CloudAdapter's own constructors are ambiguous for DI; AttunementAdapter has exactly one.
        services.AddSingleton<AttunementAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<AttunementAdapter>());
        services.AddTransient<IBot, AttunementActivityHandler>();
        return services;
    }
}
