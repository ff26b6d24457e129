using System.Diagnostics.Metrics;
using System.Net;
using AttunementBot.Benchmarks.Fanout;
using Microsoft.Data.Sqlite;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>SQLite statements and commits of one kind of turn (one line of the script), over every time it ran.</summary>
public sealed record TurnKindCount(string Text, int Turns, long Statements, long Commits, long MinStatements, long MaxStatements, long MinCommits, long MaxCommits);

/// <summary>What the bot's storage meter counted per turn, or why there is nothing to show.</summary>
public sealed record StorageCounts(string? NotInstrumented, int Reflections, IReadOnlyList<TurnKindCount> Kinds, long OutsideTurnsStatements, long OutsideTurnsCommits)
{
    public const string MeterName = "AttunementBot.Storage";
    public const string Statements = "db.statements";
    public const string Commits = "db.commits";

    public int Turns => Kinds.Sum(k => k.Turns);

    public double StatementsPerTurn => Kinds.Sum(k => k.Statements) / (double)Turns;

    public double CommitsPerTurn => Kinds.Sum(k => k.Commits) / (double)Turns;

    /// <summary>
    /// Hosts the real bot in this process (counting is deterministic, so it needs no timed run), sends whole typed
    /// reflections one turn at a time and attributes every measurement of the bot's storage meter to the turn whose
    /// request made it; background services (the scheduler, retention) are counted apart.
    /// </summary>
    public static async Task<StorageCounts> MeasureAsync(int reflections, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("attunementbot-bench-counts-").FullName;
        var outside = new Tally();
        var published = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is Statements or Commits)
            {
                lock (published)
                {
                    published.Add(instrument.Name);
                }

                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => (Current.Value ?? outside).Add(instrument.Name, value));
        listener.Start();
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:AttunementBot"] = "Warning",
            };
            await using var host = new FanoutHost(folder, TimeProvider.System, new FixedGroup("nobody"), settings);

            // The server runs each request in the caller's execution context, so a turn's measurements find its tally.
            host.Server.PreserveExecutionContext = true;
            using var client = host.CreateClient();
            var script = ReflectionScript.Turns;

            // First, unmeasured: creating the database and the first connections are not a turn's cost.
            await ReflectAsync(client, script, "count-first", new Tally[script.Count], cancellationToken);

            var tallies = new List<Tally[]>();
            for (var r = 0; r < reflections; r++)
            {
                var reflection = new Tally[script.Count];
                await ReflectAsync(client, script, "count-measured", reflection, cancellationToken);
                tallies.Add(reflection);
            }

            // A measurement made just after a reply still belongs to its turn.
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);

            string[] missing;
            lock (published)
            {
                missing = [.. new[] { Statements, Commits }.Where(n => !published.Contains(n))];
            }

            if (missing.Length > 0)
            {
                return new StorageCounts($"not instrumented (this build of the bot has no {string.Join(" or ", missing)} on a meter named {MeterName})", reflections, [], 0, 0);
            }

            var kinds = script.Select((turn, i) =>
            {
                var ofKind = tallies.Select(t => t[i]).ToList();
                return new TurnKindCount(
                    turn.Text, ofKind.Sum(t => t.Requests), ofKind.Sum(t => t.Statements), ofKind.Sum(t => t.Commits),
                    ofKind.Min(t => t.Statements), ofKind.Max(t => t.Statements), ofKind.Min(t => t.Commits), ofKind.Max(t => t.Commits));
            }).ToList();
            var counts = new StorageCounts(null, reflections, kinds, outside.Statements, outside.Commits);
            return counts.Kinds.Sum(k => k.Statements) == 0
                ? counts with { NotInstrumented = $"instrumented, but no measurement arrived (are {Statements} and {Commits} Counter<long>?)" }
                : counts;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly AsyncLocal<Tally?> Current = new();

    private static async Task ReflectAsync(HttpClient client, IReadOnlyList<ScriptedTurn> script, string person, Tally[] tallies, CancellationToken cancellationToken)
    {
        for (var i = 0; i < script.Count; i++)
        {
            var turn = script[i];
            tallies[i] = new Tally();
            Current.Value = tallies[i];
            try
            {
                var (status, body) = await SayAsync(client, person, turn.Text, cancellationToken);
                tallies[i].Requests++;

                // A reflection after the first opens with "Since last time": its answers count with the turn that began it,
                // each as a turn of its own.
                for (var d = 0; d < 4 && status == HttpStatusCode.OK && turn.DetoursAt(body); d++)
                {
                    (status, body) = await SayAsync(client, person, turn.Detour!.Text, cancellationToken);
                    tallies[i].Requests++;
                }

                if (status != HttpStatusCode.OK || !turn.Matches(body))
                {
                    throw new InvalidOperationException($"The in-process bot did not follow the script at '{turn.Text}': HTTP {(int)status}, {body[..Math.Min(body.Length, 300)]}");
                }
            }
            finally
            {
                Current.Value = null;
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SayAsync(HttpClient client, string person, string text, CancellationToken cancellationToken)
    {
        using var content = BotActivity.Message("msteams", "user-" + person, "a:conv-" + person, text);
        using var response = await client.PostAsync(new Uri("api/messages", UriKind.Relative), content, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private sealed class Tally
    {
        private long _statements;
        private long _commits;

        /// <summary>HTTP turns: a line of the script with a detour is more than one.</summary>
        public int Requests { get; set; }

        public long Statements => Interlocked.Read(ref _statements);

        public long Commits => Interlocked.Read(ref _commits);

        public void Add(string instrument, long value)
        {
            if (instrument == StorageCounts.Statements)
            {
                Interlocked.Add(ref _statements, value);
            }
            else
            {
                Interlocked.Add(ref _commits, value);
            }
        }
    }
}
