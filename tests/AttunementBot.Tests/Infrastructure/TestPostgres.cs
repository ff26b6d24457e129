using Npgsql;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests may use: ATTUNEMENT_TEST_POSTGRES holds its connection string (.ci/run starts a
/// private one and sets it). Each caller gets a schema of its own, so tests never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "ATTUNEMENT_TEST_POSTGRES";

    /// <summary>Set to "Postgres", every <see cref="BotHost"/> runs on PostgreSQL instead of SQLite.</summary>
    public const string HostProviderVariable = "ATTUNEMENT_TEST_HOST_PROVIDER";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Available => ServerConnectionString is not null;

    /// <summary>Whether host-level tests run on PostgreSQL in this run.</summary>
    public static bool HostsUsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable(HostProviderVariable), "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why a PostgreSQL case is not run, or null when it is: shown by xunit as the skip reason, so a contributor
    /// without PostgreSQL sees what was left out. With CI_REQUIRE_POSTGRES=1 nothing is skipped: the cases run and fail.
    /// </summary>
    public static string? SkipReason =>
        Available || Environment.GetEnvironmentVariable("CI_REQUIRE_POSTGRES") == "1"
            ? null
            : $"Not run against PostgreSQL: {Variable} is not set (.ci/run starts a private PostgreSQL 15 and sets it).";

    /// <summary>A new, empty schema on the test server, and a connection string that works in it.</summary>
    public static string NewSchema() => Schema($"t_{Guid.NewGuid():N}");

    /// <summary>
    /// The schema that stands for a host's data folder: two hosts given one folder (a restart) share it, as they
    /// would share the SQLite file in that folder.
    /// </summary>
    public static string SchemaFor(string dataFolder) =>
        Schema("f_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(dataFolder))))[..32]);

    private static string Schema(string schema)
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set.");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema}", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
    }

    /// <summary>The settings that put a host on its own PostgreSQL schema.</summary>
    public static Dictionary<string, string?> HostSettings(string connectionString) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = connectionString,
    };
}
