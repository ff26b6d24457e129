using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using SQLitePCL;

namespace AttunementBot.Storage;

/// <summary>
/// Counts what the bot asks of its database, as the benchmark and an operator's metrics see it: every SQL
/// statement SQLite runs (schema set-up, PRAGMAs and transaction control included) and every commit that
/// wrote something. Counted inside SQLite itself, so no store can forget to count.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "AttunementBot.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Statements = Meter.CreateCounter<long>("db.statements", description: "SQL statements run by the database");
    private static readonly Counter<long> Commits = Meter.CreateCounter<long>("db.commits", description: "Transactions that wrote to the database");

    // The hooks live as long as the native connection; the table keeps the delegates alive with it.
    private static readonly ConditionalWeakTable<sqlite3, Hooks> Hooked = new();

    /// <summary>Attaches the counters to a physical connection once; pooled re-opens are already counted.</summary>
    /// <returns>True the first time this physical connection is seen.</returns>
    internal static bool Attach(sqlite3 handle)
    {
        if (Hooked.TryGetValue(handle, out _))
        {
            return false;
        }

        var hooks = new Hooks();
        Hooked.Add(handle, hooks);
        raw.sqlite3_trace(handle, hooks.Trace, null);
        raw.sqlite3_commit_hook(handle, hooks.Commit, null);
        return true;
    }

    private sealed class Hooks
    {
        public readonly delegate_trace Trace = static (_, _) => Statements.Add(1);

        public readonly delegate_commit Commit = static _ =>
        {
            Commits.Add(1);
            return 0;
        };
    }
}
