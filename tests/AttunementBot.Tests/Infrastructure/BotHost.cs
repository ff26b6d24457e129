using System.Data.Common;
using System.Text;
using AttunementBot.Storage;
using AttunementBot.Tests.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// The real bot host, in-process, with its own SQLite database in a temporary folder.
/// Two hosts given the same <see cref="DataFolder"/> see the same stored state, which is how
/// tests restart the bot. With ATTUNEMENT_TEST_HOST_PROVIDER=Postgres (see <see cref="TestPostgres"/>) each
/// host gets a PostgreSQL schema for its data folder instead, which a restart on the same folder shares.
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
        // A test that names a provider (one about the SQLite file itself, say) keeps it.
        if (TestPostgres.HostsUsePostgres && !_settings.ContainsKey("Storage:ConnectionString") && !_settings.ContainsKey("Storage:Provider"))
        {
            foreach (var (key, value) in TestPostgres.HostSettings(TestPostgres.SchemaFor(DataFolder)))
            {
                _settings[key] = value;
            }
        }
    }

    /// <summary>Whether this host's data is on PostgreSQL.</summary>
    public bool OnPostgres => string.Equals(_settings.GetValueOrDefault("Storage:Provider"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string DataFolder { get; }

    /// <summary>The host's storage settings as command-line arguments: another process of the bot on the same data.</summary>
    public IEnumerable<string> StorageArguments =>
        _settings.Where(s => s.Key.StartsWith("Storage:", StringComparison.Ordinal)).Select(s => $"--{s.Key}={s.Value}");

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

    /// <summary>
    /// This host's settings given to the bot as its own process, which must refuse to start: what it wrote, for the
    /// message an operator reads.
    /// </summary>
    public async Task<string> StartupFailureAsync()
    {
        var (exitCode, output) = await BotProcess.RunToExitAsync(DataFolder, Environment, _settings.Where(s => s.Key != "Storage:DataFolder").Select(s => $"--{s.Key}={s.Value}"));
        Xunit.Assert.True(exitCode != 0, $"The bot started and stopped cleanly:{System.Environment.NewLine}{output}");
        return output;
    }

    /// <summary>A second host on the same data: the bot "after a restart".</summary>
    public BotHost Restarted() => new(DataFolder, Environment, _settings, _services);

    /// <summary>
    /// The words found anywhere in what the database keeps: the SQLite file and its WAL as a thief would copy them,
    /// or on PostgreSQL every row of every table as text.
    /// </summary>
    public IReadOnlyList<string> RevealStored(params string[] words)
    {
        if (!OnPostgres)
        {
            return RawDatabaseFiles.Reveal(DataFolder, words);
        }

        var all = new StringBuilder();
        using var connection = Services.GetRequiredService<Database>().OpenAsync().GetAwaiter().GetResult();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT t::text FROM \"{table}\" t";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                all.AppendLine(reader.GetString(0));
            }
        }

        var text = all.ToString();
        return [.. words.Where(word => text.Contains(word, StringComparison.Ordinal))];
    }

    private DbCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        // Through the host's own database object, so the schema exists even before the first turn.
        var connection = Services.GetRequiredService<Database>().OpenAsync().GetAwaiter().GetResult();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
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
