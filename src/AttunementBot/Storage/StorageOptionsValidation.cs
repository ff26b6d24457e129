using Microsoft.Extensions.Options;
using Npgsql;

namespace AttunementBot.Storage;

/// <summary>At start-up, a PostgreSQL set-up without a usable connection string stops the bot with a clear message.</summary>
public sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    private const string Example = "for example \"Host=db.example.org;Database=attunementbot;Username=attunementbot;Password=...\"";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StorageProvider.Postgres)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is required when Storage:Provider is Postgres ({Example}).");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The message names the keyword that is wrong, never the password.
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a PostgreSQL connection string ({ex.Message.Split('\n')[0]}); {Example}.");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"Storage:ConnectionString needs a Host ({Example}).")
            : ValidateOptionsResult.Success;
    }
}
