namespace AttunementBot.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>The terminal chat (<c>dotnet run -- chat</c>) and its settings.</summary>
    public static IServiceCollection AddTerminalChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TerminalChatOptions>()
            .Bind(configuration.GetSection(TerminalChatOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TerminalChat>();
        return services;
    }
}
