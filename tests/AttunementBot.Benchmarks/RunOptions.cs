using System.Globalization;
using System.Reflection;

namespace AttunementBot.Benchmarks;

/// <summary>What to run and how big: every size is an option, so a quick look and a long soak use the same code.</summary>
public sealed class RunOptions
{
    public static readonly string[] All = ["turns", "fanout", "cards", "storage", "carenotes", "deidentification"];

    public const string Usage = """
        dotnet run -c Release --project tests/AttunementBot.Benchmarks [-- [turns] [fanout] [cards] [storage] [carenotes] [deidentification] [options]]

          (no names)              run them all
          --clinicians N          turns: concurrent simulated clinicians (default 100)
          --duration S            turns: measured seconds per server (default 30)
          --warmup S              turns: unmeasured seconds of load before measuring (default 5)
          --open-conversations N  turns: conversations left mid-reflection for the memory figure (default 1000)
          --recipients N[,N...]   fanout: group sizes (default 1000,10000)
          --clock auto|real|skip  fanout: real time, or real time that skips the scheduler's idle waits
                                  (default auto: real up to 2,000 recipients, skip above)
          --latency-ms N          fanout: fake connector latency per call (default 50)
          --throttle-percent P    fanout: share of connector calls answered 429 (default 2)
          --retry-after S         fanout: Retry-After seconds on a 429 (default 1)
          --show-misses           carenotes: also list the corpus notes it gets wrong
          --results DIR           where latest.md and latest.json go (default tests/AttunementBot.Benchmarks/results)
        """;

    public IReadOnlyList<string> Benchmarks { get; private set; } = All;

    public bool Help { get; private set; }

    public int Clinicians { get; private set; } = 100;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(5);

    public int OpenConversations { get; private set; } = 1000;

    public IReadOnlyList<int> Recipients { get; private set; } = [1000, 10000];

    public string Clock { get; private set; } = "auto";

    public TimeSpan ConnectorLatency { get; private set; } = TimeSpan.FromMilliseconds(50);

    public double ThrottlePercent { get; private set; } = 2;

    public int RetryAfterSeconds { get; private set; } = 1;

    public bool ShowMisses { get; private set; }

    public string ResultsFolder { get; private set; } = Path.Combine(RepoRoot, "tests", "AttunementBot.Benchmarks", "results");

    /// <summary>The repository, recorded at build time (card samples and results live there).</summary>
    public static string RepoRoot { get; } =
        typeof(RunOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value
        ?? throw new InvalidOperationException("The benchmark assembly has no RepoRoot metadata; see AttunementBot.Benchmarks.csproj.");

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new RunOptions();
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
                case "--clinicians":
                    options.Clinicians = Positive(arg, Value());
                    break;
                case "--duration":
                    options.Duration = TimeSpan.FromSeconds(Positive(arg, Value()));
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(int.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--open-conversations":
                    options.OpenConversations = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--recipients":
                    options.Recipients = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(arg, v))];
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

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'.");
}
