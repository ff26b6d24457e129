using System.Data.Common;
using System.Globalization;
using System.Text;
using AttunementBot.Reflection;
using AttunementBot.Storage;

namespace AttunementBot.Trends;

/// <summary>
/// Every statement of trends and digests: the figures projection of completed reflections, the counts made
/// from it, a clinician's settings, and the digests already composed. Portable SQL only.
/// </summary>
public sealed class TrendsStore(Database database, IReflectionHistory history)
{
    /// <summary>Above this many reflections to project, one read of the whole history is cheaper than one read each.</summary>
    private const int ReadEachLimit = 16;

    /// <summary>
    /// Projects the owner's reflections that have no figures yet (new since the last look, or from before
    /// trends existed), so the counts always cover the whole history. Usually there are none or one.
    /// </summary>
    public async Task ProjectMissingAsync(string ownerKey, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var query = Sql.Command(
                connection,
                """
                SELECT r.id FROM reflection r
                WHERE r.owner_key = @owner AND NOT EXISTS (SELECT 1 FROM reflection_figure f WHERE f.id = r.id)
                """,
                ("@owner", ownerKey));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        IEnumerable<CompletedReflection> reflections;
        if (missing.Count > ReadEachLimit)
        {
            var wanted = missing.ToHashSet(StringComparer.Ordinal);
            reflections = (await history.RecentAsync(ownerKey, int.MaxValue, cancellationToken)).Where(r => wanted.Contains(r.Id));
        }
        else
        {
            var found = new List<CompletedReflection>();
            foreach (var id in missing)
            {
                if (await history.FindAsync(ownerKey, id, cancellationToken) is { } reflection)
                {
                    found.Add(reflection);
                }
            }

            reflections = found;
        }

        foreach (var reflection in reflections)
        {
            await SaveAsync(ownerKey, ReflectionFigures.From(reflection), cancellationToken);
        }
    }

    /// <summary>One reflection's figures and pulls, in one command text so they are written together.</summary>
    private async Task SaveAsync(string ownerKey, ReflectionFigures figures, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = new StringBuilder("""
            INSERT INTO reflection_figure (id, owner_key, completed_at, presence, settledness, noticed, repaired)
            VALUES (@id, @owner, @at, @presence, @settledness, @noticed, @repaired)
            ON CONFLICT (id) DO NOTHING;
            """);
        var parameters = new List<(string, object?)>
        {
            ("@id", figures.Id),
            ("@owner", ownerKey),
            ("@at", Sql.Instant(figures.CompletedAt)),
            ("@presence", figures.Presence),
            ("@settledness", figures.Settledness),
            ("@noticed", figures.Noticed ? 1 : 0),
            ("@repaired", figures.Repaired ? 1 : 0),
        };
        for (var i = 0; i < figures.Pulls.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\nINSERT INTO reflection_pull (reflection_id, owner_key, completed_at, pull) VALUES (@id, @owner, @at, @pull{i}) ON CONFLICT (reflection_id, pull) DO NOTHING;");
            parameters.Add(($"@pull{i}", figures.Pulls[i].ToString()));
        }

        await using var insert = Sql.Command(connection, sql.ToString(), [.. parameters]);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The owner's counts over two windows ending now, and weekly averages for the chart, aggregated in SQL.</summary>
    /// <param name="weekStarts">Ascending starts of the chart's weeks; the first is also where the long window's rows begin to be read.</param>
    public async Task<TrendCounts> CountAsync(string ownerKey, DateTimeOffset recentSince, DateTimeOffset longSince, IReadOnlyList<DateTimeOffset> weekStarts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weekStarts);
        var since = weekStarts.Count > 0 && weekStarts[0] < longSince ? weekStarts[0] : longSince;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var totals = Sql.Command(
            connection,
            """
            SELECT
                SUM(CASE WHEN completed_at >= @recent THEN 1 ELSE 0 END),
                SUM(CASE WHEN completed_at >= @long THEN 1 ELSE 0 END),
                AVG(CASE WHEN completed_at >= @recent THEN presence END),
                AVG(CASE WHEN completed_at >= @long THEN presence END),
                AVG(CASE WHEN completed_at >= @recent THEN settledness END),
                AVG(CASE WHEN completed_at >= @long THEN settledness END),
                SUM(CASE WHEN completed_at >= @recent THEN noticed ELSE 0 END),
                SUM(CASE WHEN completed_at >= @long THEN noticed ELSE 0 END),
                SUM(CASE WHEN completed_at >= @recent THEN repaired ELSE 0 END),
                SUM(CASE WHEN completed_at >= @long THEN repaired ELSE 0 END)
            FROM reflection_figure
            WHERE owner_key = @owner AND completed_at >= @since
            """,
            ("@owner", ownerKey),
            ("@recent", Sql.Instant(recentSince)),
            ("@long", Sql.Instant(longSince)),
            ("@since", Sql.Instant(since)));
        WindowCounts recent, longer;
        await using (var reader = await totals.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            recent = new WindowCounts(Int(reader, 0), Average(reader, 2), Average(reader, 4), Int(reader, 6), Int(reader, 8), new Dictionary<string, int>());
            longer = new WindowCounts(Int(reader, 1), Average(reader, 3), Average(reader, 5), Int(reader, 7), Int(reader, 9), new Dictionary<string, int>());
        }

        var recentPulls = new Dictionary<string, int>(StringComparer.Ordinal);
        var longPulls = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var pulls = Sql.Command(
            connection,
            """
            SELECT pull, SUM(CASE WHEN completed_at >= @recent THEN 1 ELSE 0 END), COUNT(*)
            FROM reflection_pull
            WHERE owner_key = @owner AND completed_at >= @long
            GROUP BY pull
            """,
            ("@owner", ownerKey),
            ("@recent", Sql.Instant(recentSince)),
            ("@long", Sql.Instant(longSince))))
        await using (var reader = await pulls.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recentPulls[reader.GetString(0)] = Int(reader, 1);
                longPulls[reader.GetString(0)] = Int(reader, 2);
            }
        }

        return new TrendCounts(
            recent with { Pulls = recentPulls },
            longer with { Pulls = longPulls },
            await WeeksAsync(connection, ownerKey, weekStarts, cancellationToken));
    }

    /// <summary>Weekly averages, bucketed by a CASE over the week starts (no date functions, so any SQL database runs it).</summary>
    private static async Task<IReadOnlyList<WeekAverage>> WeeksAsync(DbConnection connection, string ownerKey, IReadOnlyList<DateTimeOffset> weekStarts, CancellationToken cancellationToken)
    {
        if (weekStarts.Count == 0)
        {
            return [];
        }

        var bucket = new StringBuilder("CASE");
        var parameters = new List<(string, object?)> { ("@owner", ownerKey), ("@w0", Sql.Instant(weekStarts[0])) };
        for (var i = weekStarts.Count - 1; i >= 1; i--)
        {
            bucket.Append(CultureInfo.InvariantCulture, $" WHEN completed_at >= @w{i} THEN {i}");
            parameters.Add(($"@w{i}", Sql.Instant(weekStarts[i])));
        }

        bucket.Append(" ELSE 0 END");
        await using var query = Sql.Command(
            connection,
            $"""
            SELECT week, AVG(presence), AVG(settledness), COUNT(*)
            FROM (SELECT {bucket} AS week, presence, settledness FROM reflection_figure WHERE owner_key = @owner AND completed_at >= @w0) weeks
            GROUP BY week
            """,
            [.. parameters]);
        var found = new Dictionary<int, WeekAverage>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var week = Int(reader, 0);
            found[week] = new WeekAverage(weekStarts[week], Average(reader, 1), Average(reader, 2), Int(reader, 3));
        }

        return [.. weekStarts.Select((start, i) => found.GetValueOrDefault(i) ?? new WeekAverage(start, null, null, 0))];
    }

    /// <summary>The reflections of the given people completed in [from, until), as a digest counts them.</summary>
    public async Task<IReadOnlyList<CountedReflection>> CountedAsync(IReadOnlyCollection<string> ownerKeys, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownerKeys);
        if (ownerKeys.Count == 0)
        {
            return [];
        }

        var owners = ownerKeys.Select((key, i) => ($"@o{i}", (object?)key)).ToList();
        var inList = string.Join(", ", owners.Select(o => o.Item1));
        (string, object?)[] parameters = [.. owners, ("@from", Sql.Instant(from)), ("@until", Sql.Instant(until))];
        await using var connection = await database.OpenAsync(cancellationToken);
        var pulls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var query = Sql.Command(
            connection,
            $"SELECT reflection_id, pull FROM reflection_pull WHERE owner_key IN ({inList}) AND completed_at >= @from AND completed_at < @until",
            parameters))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!pulls.TryGetValue(id, out var list))
                {
                    pulls[id] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var counted = new List<CountedReflection>();
        await using (var query = Sql.Command(
            connection,
            $"SELECT id, owner_key, presence, noticed, repaired FROM reflection_figure WHERE owner_key IN ({inList}) AND completed_at >= @from AND completed_at < @until",
            parameters))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counted.Add(new CountedReflection(
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : Int(reader, 2),
                    Int(reader, 3) == 1,
                    Int(reader, 4) == 1,
                    pulls.GetValueOrDefault(reader.GetString(0)) ?? []));
            }
        }

        return counted;
    }

    public async Task<TrendsSetting> SettingAsync(string personKey, CancellationToken cancellationToken) =>
        (await SettingsAsync([personKey], cancellationToken)).GetValueOrDefault(personKey) ?? TrendsSetting.Default;

    /// <summary>The settings of those who have any; everyone else has the default.</summary>
    public async Task<IReadOnlyDictionary<string, TrendsSetting>> SettingsAsync(IReadOnlyCollection<string> personKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personKeys);
        var result = new Dictionary<string, TrendsSetting>(StringComparer.Ordinal);
        if (personKeys.Count == 0)
        {
            return result;
        }

        var people = personKeys.Select((key, i) => ($"@p{i}", (object?)key)).ToArray();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(
            connection,
            $"SELECT person_key, trends_off, digest_opt_out FROM trends_setting WHERE person_key IN ({string.Join(", ", people.Select(p => p.Item1))})",
            people);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new TrendsSetting(Int(reader, 1) == 1, Int(reader, 2) == 1);
        }

        return result;
    }

    public async Task SetAsync(string personKey, TrendsSetting setting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = Sql.Command(
            connection,
            """
            INSERT INTO trends_setting (person_key, trends_off, digest_opt_out, updated_at) VALUES (@person, @off, @optOut, @now)
            ON CONFLICT (person_key) DO UPDATE SET trends_off = @off, digest_opt_out = @optOut, updated_at = @now
            """,
            ("@person", personKey),
            ("@off", setting.TrendsOff ? 1 : 0),
            ("@optOut", setting.DigestOptOut ? 1 : 0),
            ("@now", Sql.Instant(now)));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The person's settings row as kept, for their export; null when they never changed one.</summary>
    public async Task<(TrendsSetting Setting, DateTimeOffset UpdatedAt)?> StoredSettingAsync(string personKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT trends_off, digest_opt_out, updated_at FROM trends_setting WHERE person_key = @person", ("@person", personKey));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (new TrendsSetting(Int(reader, 0) == 1, Int(reader, 1) == 1), Sql.ParseInstant(reader.GetString(2)))
            : null;
    }

    /// <summary>Removes the person's settings and figures (their reflections' own deletion removes the figures too).</summary>
    public async Task ForgetAsync(string personKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = Sql.Command(
            connection,
            """
            DELETE FROM reflection_pull WHERE owner_key = @person;
            DELETE FROM reflection_figure WHERE owner_key = @person;
            DELETE FROM trends_setting WHERE person_key = @person;
            """,
            ("@person", personKey));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredDigest?> DigestAsync(string groupKey, DateTimeOffset weekStart, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(
            connection,
            "SELECT cohort, figures FROM digest_week WHERE group_key = @group AND week_start = @week",
            ("@group", groupKey),
            ("@week", Sql.Instant(weekStart)));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredDigest(Int(reader, 0), reader.GetString(1)) : null;
    }

    /// <summary>Keeps the first digest composed for a week; returns the one kept (another instance may have been first).</summary>
    public async Task<StoredDigest> KeepDigestAsync(string groupKey, DateTimeOffset weekStart, StoredDigest digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var insert = Sql.Command(
            connection,
            """
            INSERT INTO digest_week (group_key, week_start, cohort, figures, composed_at) VALUES (@group, @week, @cohort, @figures, @now)
            ON CONFLICT (group_key, week_start) DO NOTHING
            """,
            ("@group", groupKey),
            ("@week", Sql.Instant(weekStart)),
            ("@cohort", digest.Cohort),
            ("@figures", digest.Figures),
            ("@now", Sql.Instant(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await DigestAsync(groupKey, weekStart, cancellationToken) ?? digest;
    }

    private static int Int(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static double? Average(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}

public sealed record WindowCounts(int Reflections, double? Presence, double? Settledness, int Noticed, int Repaired, IReadOnlyDictionary<string, int> Pulls);

public sealed record WeekAverage(DateTimeOffset Start, double? Presence, double? Settledness, int Reflections);

public sealed record TrendCounts(WindowCounts Recent, WindowCounts Longer, IReadOnlyList<WeekAverage> Weeks);

/// <param name="Figures">The shown counts as JSON (<see cref="Digest.DigestFigures"/>).</param>
public sealed record StoredDigest(int Cohort, string Figures);
