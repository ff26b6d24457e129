using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace AttunementBot.Benchmarks.ScaleOut;

/// <summary>
/// The PostgreSQL server the scale-out part runs on: a schema of its own for each contender (dropped at the end), a
/// connection pool size the server can hold for every instance at once, and the server's own CPU time when it runs on
/// this machine, so a turn's database cost is counted beside the bot's.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Variable = "ATTUNEMENT_TEST_POSTGRES";

    /// <summary>USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux the bot runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly string _connectionString;
    private readonly List<string> _schemas = [];

    private PostgresServer(string connectionString, int postmaster, int maxConnections, string version)
    {
        _connectionString = connectionString;
        Postmaster = postmaster;
        MaxConnections = maxConnections;
        Version = version;
    }

    /// <summary>The server's main process on this machine, or 0 when it runs elsewhere (then its CPU is not measured).</summary>
    public int Postmaster { get; }

    public bool CpuMeasured => Postmaster > 0;

    public int MaxConnections { get; }

    public string Version { get; }

    /// <summary>Why the part cannot run (no server named, or none reachable), or null with the server to run on.</summary>
    public static async Task<(PostgresServer? Server, string? WhyNot)> ConnectAsync(string? connectionString, CancellationToken cancellationToken)
    {
        const string how = "give --postgres \"Host=...;Username=...;Database=...\" or set " + Variable
            + ", or let `bash -c 'source .ci/postgres; trap postgres_stop EXIT; dotnet run -c Release --project tests/AttunementBot.Benchmarks -- scaleout'` start (and stop) a private PostgreSQL 15 for the run";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return (null, $"not run: it needs a PostgreSQL server and none was given ({how}).");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var query = new NpgsqlCommand("SELECT pg_backend_pid(), current_setting('max_connections')::int, current_setting('server_version')", connection);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var backend = reader.GetInt32(0);
            return (new PostgresServer(connectionString, PostmasterOf(backend), reader.GetInt32(1), reader.GetString(2)), null);
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or TimeoutException)
        {
            return (null, $"not run: the PostgreSQL server could not be reached ({ex.GetType().Name}: {ex.Message.Split('\n')[0]}); {how}.");
        }
    }

    /// <summary>A new, empty schema and a connection string that works in it, with <paramref name="poolSize"/> connections at most.</summary>
    public async Task<string> NewSchemaAsync(string purpose, int poolSize, CancellationToken cancellationToken)
    {
        var schema = $"bench_{purpose}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        _schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = schema, Pooling = true, MaxPoolSize = poolSize }.ConnectionString;
    }

    /// <summary>
    /// Connections each of <paramref name="instances"/> may open, all at once, leaving room for the server's own and
    /// this program's: the idle contenders keep their pools open while another is loaded.
    /// </summary>
    public int PoolSizeFor(int instances) => Math.Clamp((MaxConnections - 20) / instances, 5, 100);

    /// <summary>
    /// CPU time of the whole server: the postmaster and every process it started (comm "postgres"), and what its
    /// finished children used (a backend that closes still counts). Zero when the server is not on this machine.
    /// </summary>
    public TimeSpan CpuTime()
    {
        if (!CpuMeasured)
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        if (Stat(Postmaster) is { } main)
        {
            ticks += main.UserTicks + main.SystemTicks + main.ChildrenTicks;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && stat.Parent == Postmaster && stat.Comm == "postgres")
            {
                ticks += stat.UserTicks + stat.SystemTicks;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public async ValueTask DisposeAsync()
    {
        if (_schemas.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _schemas.Clear();
    }

    /// <summary>The parent of this connection's backend, when that is PostgreSQL's postmaster on this machine.</summary>
    private static int PostmasterOf(int backend) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Stat(backend) is { Comm: "postgres" } stat && Stat(stat.Parent) is { Comm: "postgres" }
            ? stat.Parent
            : 0;

    private static ProcessStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // Gone, or not ours to read.
        }

        // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17): comm may hold spaces, so split after its ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcessStat(text[(open + 1)..close], (int)Field(4), Field(14), Field(15), Field(16) + Field(17));
    }

    private sealed record ProcessStat(string Comm, int Parent, long UserTicks, long SystemTicks, long ChildrenTicks);
}
