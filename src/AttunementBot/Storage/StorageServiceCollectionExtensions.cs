using AttunementBot.Storage.Protection;
using Microsoft.Extensions.Options;
using Microsoft.Bot.Builder;

namespace AttunementBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Bot state and the bot's own records on the configured database (SQLite by default).</summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>();
        services.AddSingleton<Database>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? new PostgresDatabase(sp.GetRequiredService<IOptions<StorageOptions>>())
            : new SqliteDatabase(sp.GetRequiredService<IOptions<StorageOptions>>()));
        services.AddSingleton<BotInstance>();
        services.AddHostedService(sp => sp.GetRequiredService<BotInstance>());
        services.AddSingleton<Leadership>();
        services.AddSingleton<CopyToPostgresCommand>();
        services.AddSingleton<IStorage, BotStateStorage>();
        services.AddSingleton<TurnStore>();
        services.AddProtectedColumn(BotStateStorage.Data);
        services.AddProtectedColumn(TurnStore.Replies);
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        return services;
    }
}
