using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AttunementBot.Audit;

/// <summary>
/// The operator's reading of the audit trail: <c>audit --since 2026-12-01 [--until 2026-12-31]
/// [--group ID] [--format csv|json]</c>, written to standard output (CSV by default).
/// </summary>
public sealed class AuditCommand(AuditLog log)
{
    public const string Mode = "audit";

    private const string Usage = "Usage: audit --since YYYY-MM-DD [--until YYYY-MM-DD] [--group GROUP-ID] [--format csv|json]";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Columns = ["at", "action", "outcome", "actor", "subject", "group_id"];

    /// <returns>The process exit code: 0, or 2 for arguments it cannot read (with the reason on <paramref name="error"/>).</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (Parse(args) is not { } query)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var records = await log.ReadAsync(query.Since, query.Until, query.Group, newest: null, cancellationToken);
        await output.WriteAsync(query.Json ? ToJson(records) : ToCsv(records));
        return 0;
    }

    private static Query? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            // Settings given on the command line (--Storage:DataFolder=..., --Storage:DataFolder ...) are the host's.
            var key = args[i][2..];
            if (key.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            if (++i >= args.Count)
            {
                return null;
            }

            if (!key.Contains(':', StringComparison.Ordinal))
            {
                values[key] = args[i];
            }
        }

        if (!values.TryGetValue("since", out var since) || !TryDate(since, out var from))
        {
            return null;
        }

        DateTimeOffset? until = null;
        if (values.TryGetValue("until", out var untilText))
        {
            if (!TryDate(untilText, out var to))
            {
                return null;
            }

            until = to;
        }

        var format = values.GetValueOrDefault("format", "csv").ToLowerInvariant();
        if (format is not ("csv" or "json") || values.Keys.Except(["since", "until", "group", "format"], StringComparer.OrdinalIgnoreCase).Any())
        {
            return null;
        }

        return new Query(from, until, values.GetValueOrDefault("group"), format == "json");
    }

    /// <summary>A date is midnight UTC; a full ISO instant is taken as given.</summary>
    private static bool TryDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static string ToCsv(IReadOnlyList<AuditRecord> records)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append('\n');
        foreach (var r in records)
        {
            csv.AppendJoin(',', new[] { Instant(r), r.Action, Outcome(r), r.Actor, r.Subject ?? string.Empty, r.GroupId ?? string.Empty }.Select(Cell)).Append('\n');
        }

        return csv.ToString();
    }

    private static string ToJson(IReadOnlyList<AuditRecord> records) =>
        JsonSerializer.Serialize(
            records.Select(r => new Dictionary<string, string?>
            {
                ["at"] = Instant(r),
                ["action"] = r.Action,
                ["outcome"] = Outcome(r),
                ["actor"] = r.Actor,
                ["subject"] = r.Subject,
                ["group_id"] = r.GroupId,
            }),
            Indented) + "\n";

    private static string Instant(AuditRecord r) => r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Outcome(AuditRecord r) => r.Refused ? "refused" : "done";

    /// <summary>RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula.</summary>
    private static string Cell(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private sealed record Query(DateTimeOffset Since, DateTimeOffset? Until, string? Group, bool Json);
}
