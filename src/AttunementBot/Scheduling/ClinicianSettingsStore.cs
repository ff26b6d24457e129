using System.Data.Common;
using System.Globalization;
using AttunementBot.Storage;

namespace AttunementBot.Scheduling;

public sealed class ClinicianSettingsStore(Database database) : IClinicianSettingsStore
{
    private const string Select = "SELECT person_key, working_days, away_from, away_until, skip_until FROM clinician_settings";

    public async Task<ClinicianSettings> GetAsync(string personKey, CancellationToken cancellationToken) =>
        (await GetManyAsync([personKey], cancellationToken))[personKey];

    public async Task<IReadOnlyDictionary<string, ClinicianSettings>> GetManyAsync(IEnumerable<string> personKeys, CancellationToken cancellationToken)
    {
        var keys = personKeys.Distinct(StringComparer.Ordinal).ToList();
        var found = keys.ToDictionary(k => k, ClinicianSettings.None, StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(Sql.InListLimit))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var query = connection.CreateCommand();
            query.CommandText = $"{Select} WHERE person_key IN ({query.InList(chunk)})";
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                found[key] = Read(reader, key);
            }
        }

        return found;
    }

    private static ClinicianSettings Read(DbDataReader reader, string personKey)
    {
        var days = Sql.NullableString(reader, 1) is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)int.Parse(d, CultureInfo.InvariantCulture)).ToHashSet()
            : null;
        return new ClinicianSettings(
            personKey,
            days,
            Sql.NullableString(reader, 2) is { } from ? DateOnly.ParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Sql.NullableString(reader, 3) is { } until ? DateOnly.ParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Sql.NullableInstant(reader, 4));
    }

    public async Task SaveAsync(ClinicianSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = Sql.Command(
            connection,
            """
            INSERT INTO clinician_settings (person_key, working_days, away_from, away_until, skip_until, updated_at)
            VALUES (@key, @days, @from, @until, @skip, @now)
            ON CONFLICT (person_key) DO UPDATE SET working_days = excluded.working_days, away_from = excluded.away_from,
                away_until = excluded.away_until, skip_until = excluded.skip_until, updated_at = excluded.updated_at
            """,
            ("@key", settings.PersonKey),
            ("@days", settings.WorkingDays is { } days ? string.Join(',', days.Select(d => (int)d).Order()) : null),
            ("@from", settings.AwayFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@until", settings.AwayUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@skip", settings.SkipUntil is { } skip ? Sql.Instant(skip) : null),
            ("@now", Sql.Instant(now)));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
