using System.Globalization;
using System.Reflection;

namespace AttunementBot.Benchmarks;

/// <summary>What to run and how big: every size is an option, so a quick look and a long soak use the same code.</summary>
public sealed class RunOptions
{
    public static readonly string[] All = ["turns", "fanout", "cards", "storage", "history", "carenotes", "deidentification", "trends", "scaleout"];

    public const string Usage = """
        dotnet run -c Release --project tests/AttunementBot.Benchmarks [-- [turns] [fanout] [cards] [storage] [history] [carenotes] [deidentification] [trends] [scaleout] [options]]

          (no names)              run them all
          --quick                 a short smoke run: every size below small unless also given
          --concurrency N[,N...]  turns: conversations at once, one level after another (default 32,100)
          --warmup S              turns: least seconds of load per server before measuring, continued
                                  until its CPU per turn settles, up to twice that (default 45; quick 5)
          --round S               turns: seconds of each server's turn in a round (default 10; quick 3)
          --rounds N              turns: rounds per concurrency, each loading the servers in turn, the
                                  order rotated every round (default 6; quick 2)
          --open-conversations N  turns: conversations left mid-reflection for the memory figure
                                  (default 1000; quick 200)
          --reflections N         turns: whole reflections counted in-process for SQLite statements and
                                  commits per turn (default 6; quick 2)
          --recipients N[,N...]   fanout: group sizes (default 1000,10000; quick 200)
          --clock auto|real|skip  fanout: real time, or real time that skips the scheduler's idle waits
                                  (default auto: real up to 2,000 recipients, skip above)
          --latency-ms N          fanout: fake connector latency per call (default 50)
          --throttle-percent P    fanout: share of connector calls answered 429 (default 2)
          --retry-after S         fanout: Retry-After seconds on a 429 (default 1)
          --show-misses           carenotes: also list the corpus notes it gets wrong
          --postgres CONNECTION   scaleout: the PostgreSQL server to run on (default: ATTUNEMENT_TEST_POSTGRES,
                                  which `source .ci/postgres` sets); without one scaleout says so and is left out.
                                  It also uses --concurrency, --warmup, --round, --rounds and, for its fan-out
                                  (two instances, and one to compare), the smallest of --recipients
          --fanout-only           scaleout: only its fan-out (one instance, then two), no turns
          --results DIR           where latest.md and latest.json go (default tests/AttunementBot.Benchmarks/results)
        """;

    public IReadOnlyList<string> Benchmarks { get; private set; } = All;

    public bool Help { get; private set; }

    public bool Quick { get; private set; }

    public IReadOnlyList<int> Concurrency { get; private set; } = [32, 100];

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(45);

    public TimeSpan Round { get; private set; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; private set; } = 6;

    public int OpenConversations { get; private set; } = 1000;

    public int CountedReflections { get; private set; } = 6;

    public IReadOnlyList<int> Recipients { get; private set; } = [1000, 10000];

    public string Clock { get; private set; } = "auto";

    public TimeSpan ConnectorLatency { get; private set; } = TimeSpan.FromMilliseconds(50);

    public double ThrottlePercent { get; private set; } = 2;

    public int RetryAfterSeconds { get; private set; } = 1;

    public bool ShowMisses { get; private set; }

    public bool FanoutOnly { get; private set; }

    public string? Postgres { get; private set; } = Environment.GetEnvironmentVariable(ScaleOut.PostgresServer.Variable) is { Length: > 0 } server ? server : null;

    public string ResultsFolder { get; private set; } = Path.Combine(RepoRoot, "tests", "AttunementBot.Benchmarks", "results");

    /// <summary>The repository, recorded at build time (card samples and results live there).</summary>
    public static string RepoRoot { get; } =
        typeof(RunOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value
        ?? throw new InvalidOperationException("The benchmark assembly has no RepoRoot metadata; see AttunementBot.Benchmarks.csproj.");

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new RunOptions();
        if (args.Contains("--quick"))
        {
            // Small sizes first, so any size given beside --quick still wins, wherever it stands.
            options.Quick = true;
            options.Warmup = TimeSpan.FromSeconds(5);
            options.Round = TimeSpan.FromSeconds(3);
            options.Rounds = 2;
            options.OpenConversations = 200;
            options.CountedReflections = 2;
            options.Recipients = [200];
        }

        var names = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--quick":
                    break;
                case "--concurrency":
                    options.Concurrency = PositiveList(arg, Value());
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(Positive(arg, Value()));
                    break;
                case "--round":
                    options.Round = TimeSpan.FromSeconds(Positive(arg, Value()));
                    break;
                case "--rounds":
                    options.Rounds = Positive(arg, Value());
                    break;
                case "--reflections":
                    options.CountedReflections = Positive(arg, Value());
                    break;
                case "--open-conversations":
                    options.OpenConversations = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--recipients":
                    options.Recipients = PositiveList(arg, Value());
                    break;
                case "--clock":
                    var clock = Value();
                    options.Clock = clock is "auto" or "real" or "skip" ? clock : throw new ArgumentException("--clock is auto, real or skip.");
                    break;
                case "--latency-ms":
                    options.ConnectorLatency = TimeSpan.FromMilliseconds(int.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--throttle-percent":
                    options.ThrottlePercent = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--retry-after":
                    options.RetryAfterSeconds = Positive(arg, Value());
                    break;
                case "--show-misses":
                    options.ShowMisses = true;
                    break;
                case "--fanout-only":
                    options.FanoutOnly = true;
                    break;
                case "--postgres":
                    options.Postgres = Value();
                    break;
                case "--results":
                    options.ResultsFolder = Path.GetFullPath(Value());
                    break;
                case var name when All.Contains(name):
                    names.Add(name);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'.");
            }
        }

        if (names.Count > 0)
        {
            options.Benchmarks = [.. All.Where(names.Contains)];
        }

        return options;
    }

    /// <summary>Real time for a size where waiting it out is affordable; see FanoutBenchmark for why.</summary>
    public bool SkipIdleFor(int recipients) => Clock switch
    {
        "real" => false,
        "skip" => true,
        _ => recipients > 2000,
    };

    private static int[] PositiveList(string name, string value)
    {
        int[] list = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(name, v))];
        return list.Length > 0 ? list : throw new ArgumentException($"{name} needs at least one number.");
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'.");
}
