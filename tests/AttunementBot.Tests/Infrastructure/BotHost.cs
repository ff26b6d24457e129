using AttunementBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// The real bot host, in-process, with its own SQLite database in a temporary folder.
/// Two hosts given the same <see cref="DataFolder"/> see the same stored state, which is how
/// tests restart the bot.
/// </summary>
public sealed class BotHost : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces services after the host's own registrations (a fake clock, say).</param>
    public BotHost(string? dataFolder = null, string environment = "Development", IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _ownsFolder = dataFolder is null;
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("attunementbot-test-").FullName;
        Environment = environment;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        _settings.TryAdd("Storage:DataFolder", DataFolder);
    }

    public string DataFolder { get; }

    public string Environment { get; }

    /// <summary>Everything the host logged, to check that no reflection text reaches the logs.</summary>
    public LogCapture Logs { get; } = new();

    public BotClient CreateBotClient() => new(CreateClient());

    /// <summary>Reads one value from the bot's own database: the tests' window on what was stored.</summary>
    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>A second host on the same data: the bot "after a restart".</summary>
    public BotHost Restarted() => new(DataFolder, Environment, _settings, _services);

    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        // Through the host's own database object, so the schema exists even before the first turn.
        var connection = Services.GetRequiredService<SqliteDatabase>().OpenAsync().GetAwaiter().GetResult();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.Disposed += (_, _) => connection.Dispose();
        return command;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.AddSingleton(Logs));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A restarted host may still hold the folder; the OS cleans temp eventually.
            }
        }
    }
}
