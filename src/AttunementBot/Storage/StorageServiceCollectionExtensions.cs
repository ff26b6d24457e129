using AttunementBot.Privacy;
using AttunementBot.Storage.Protection;
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
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorage, SqliteBotStorage>();
        services.AddSingleton<SqliteTurnStore>();
        services.AddSingleton<IReflectionHistory, SqliteReflectionHistory>();
        services.AddProtectedColumn(SqliteReflectionHistory.Answers);
        services.AddProtectedColumn(SqliteBotStorage.Data);
        services.AddProtectedColumn(SqliteTurnStore.Replies);
        services.AddSingleton<IPersonalData, ReflectionHistoryPersonalData>();
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        return services;
    }
}
