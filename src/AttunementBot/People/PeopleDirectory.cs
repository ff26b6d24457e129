using System.Data.Common;
using AttunementBot.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AttunementBot.People;

public sealed class PeopleDirectory(Database database, IOptions<PeopleOptions> options, TimeProvider clock) : IPeopleDirectory
{
    /// <summary>Where the sender's record waits for the turn's commit (<see cref="RememberWithTurnAsync"/>).</summary>
    private const string SenderRecord = "people:sender";

    public async Task RememberAsync(IActivity activity, CancellationToken cancellationToken)
    {
        if (Upsert(activity) is not { } upsert)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await upsert(connection, null, cancellationToken);
    }

    public async Task RememberWithTurnAsync(IActivity activity, CancellationToken cancellationToken)
    {
        if (TurnStateBuffer.Current is { } turn && Upsert(activity) is { } upsert)
        {
            turn.Defer(SenderRecord, upsert);
            return;
        }

        await RememberAsync(activity, cancellationToken);
    }

    private TurnWrite? Upsert(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.From?.Id is not { Length: > 0 } userId)
        {
            return null;
        }

        // Read from the activity now: by the time a deferred write runs, the turn is over.
        var key = Person.KeyOf(activity);
        var channel = activity.ChannelId ?? string.Empty;
        var aad = activity.From.AadObjectId;
        var name = activity.From.Name;
        var tenant = activity.Conversation?.TenantId;
        var reference = JsonConvert.SerializeObject(activity.GetConversationReference());
        var zone = ChannelTimeZone(activity);
        var now = Sql.Instant(clock.GetUtcNow());
        return async (connection, transaction, token) =>
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO person (person_key, channel_id, user_id, aad_object_id, display_name, tenant_id, reference, time_zone, updated_at)
                VALUES (@key, @channel, @user, @aad, @name, @tenant, @reference, @zone, @now)
                ON CONFLICT (person_key) DO UPDATE SET
                    aad_object_id = COALESCE(excluded.aad_object_id, person.aad_object_id),
                    display_name  = COALESCE(excluded.display_name, person.display_name),
                    tenant_id     = COALESCE(excluded.tenant_id, person.tenant_id),
                    reference     = excluded.reference,
                    time_zone     = CASE WHEN person.time_zone_set_by_person = 1 THEN person.time_zone
                                         ELSE COALESCE(excluded.time_zone, person.time_zone) END,
                    updated_at    = excluded.updated_at
                """;
            upsert.AddParameter("@key", key);
            upsert.AddParameter("@channel", channel);
            upsert.AddParameter("@user", userId);
            upsert.AddParameter("@aad", (object?)aad ?? DBNull.Value);
            upsert.AddParameter("@name", (object?)name ?? DBNull.Value);
            upsert.AddParameter("@tenant", (object?)tenant ?? DBNull.Value);
            upsert.AddParameter("@reference", reference);
            upsert.AddParameter("@zone", (object?)zone ?? DBNull.Value);
            upsert.AddParameter("@now", now);
            await upsert.ExecuteNonQueryAsync(token);
        };
    }

    /// <summary>
    /// Everything here that reads or changes people first writes the sender's record still waiting for the turn's
    /// commit, so the turn sees itself (a first message that is a command) and a deletion is not undone by it.
    /// </summary>
    private async Task WriteWaitingSenderAsync(CancellationToken cancellationToken)
    {
        if (TurnStateBuffer.Current?.TakeDeferred(SenderRecord) is not { } upsert)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await upsert(connection, null, cancellationToken);
    }

    public async Task<Person?> FindAsync(string personKey, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("WHERE person_key = @q", personKey, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyDictionary<string, Person>> FindManyAsync(IEnumerable<string> personKeys, CancellationToken cancellationToken)
    {
        await WriteWaitingSenderAsync(cancellationToken);
        var found = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var chunk in personKeys.Distinct(StringComparer.Ordinal).Chunk(Sql.InListLimit))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var query = connection.CreateCommand();
            query.CommandText = $"{Select} WHERE person_key IN ({query.InList(chunk)})";
            foreach (var person in await ReadAsync(query, cancellationToken))
            {
                found[person.Key] = person;
            }
        }

        return found;
    }

    public Task<IReadOnlyList<Person>> SearchAsync(string nameOrId, CancellationToken cancellationToken) =>
        QueryAsync(
            "WHERE user_id = @q OR aad_object_id = @q OR person_key = @q OR lower(display_name) = lower(@q) ORDER BY display_name",
            nameOrId.Trim(),
            cancellationToken);

    public Task<IReadOnlyList<Person>> ListAsync(string text, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return QueryAsync(
            $"WHERE lower(display_name) LIKE lower(@q) ESCAPE '\\' OR lower(user_id) LIKE lower(@q) ESCAPE '\\' ORDER BY lower(display_name), person_key LIMIT {Math.Clamp(limit, 1, 1000)}",
            pattern,
            cancellationToken);
    }

    public async Task SetTimeZoneAsync(string personKey, string timeZone, CancellationToken cancellationToken)
    {
        await WriteWaitingSenderAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE person SET time_zone = @zone, time_zone_set_by_person = 1 WHERE person_key = @key";
        update.AddParameter("@zone", timeZone);
        update.AddParameter("@key", personKey);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> IsLeadAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return IsLeadAsync(person.RoleId, person.UserId, cancellationToken);
    }

    public Task<bool> IsLeadAsync(ChannelAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return IsLeadAsync(account.AadObjectId ?? account.Id, account.Id, cancellationToken);
    }

    private async Task<bool> IsLeadAsync(string roleId, string userId, CancellationToken cancellationToken)
    {
        if (options.Value.Leads.Contains(roleId, StringComparer.OrdinalIgnoreCase)
            || options.Value.Leads.Contains(userId, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT 1 FROM lead_grant WHERE user_id IN (@role, @user)";
        query.AddParameter("@role", roleId);
        query.AddParameter("@user", userId);
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task GrantLeadAsync(string roleId, string grantedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO lead_grant (user_id, granted_by, granted_at) VALUES (@user, @by, @now) ON CONFLICT DO NOTHING";
        insert.AddParameter("@user", roleId);
        insert.AddParameter("@by", grantedBy);
        insert.AddParameter("@now", Sql.Instant(clock.GetUtcNow()));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ForgetAsync(string personKey, CancellationToken cancellationToken)
    {
        var person = await FindAsync(personKey, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await using (var grants = Sql.Command(connection, "DELETE FROM lead_grant WHERE user_id IN (@role, @user)", ("@role", person?.RoleId ?? string.Empty), ("@user", person?.UserId ?? string.Empty)))
        {
            grants.Transaction = transaction;
            await grants.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var record = Sql.Command(connection, "DELETE FROM person WHERE person_key = @key", ("@key", personKey)))
        {
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Teams sends the user's IANA time zone as localTimezone and in the clientInfo entity.</summary>
    internal static string? ChannelTimeZone(IActivity activity)
    {
        var candidate = (activity as Activity)?.LocalTimezone
            ?? activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo")?.Properties?["timezone"]?.Value<string>();
        return candidate is not null && TimeZoneInfo.TryFindSystemTimeZoneById(candidate, out _) ? candidate : null;
    }

    private const string Select =
        "SELECT person_key, channel_id, user_id, aad_object_id, display_name, tenant_id, reference, time_zone, time_zone_set_by_person, updated_at FROM person";

    private async Task<IReadOnlyList<Person>> QueryAsync(string where, string value, CancellationToken cancellationToken)
    {
        await WriteWaitingSenderAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = $"{Select} {where}";
        query.AddParameter("@q", value);
        return await ReadAsync(query, cancellationToken);
    }

    private static async Task<IReadOnlyList<Person>> ReadAsync(DbCommand query, CancellationToken cancellationToken)
    {
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var people = new List<Person>();
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(new Person(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Sql.NullableString(reader, 3),
                Sql.NullableString(reader, 4),
                Sql.NullableString(reader, 5),
                JsonConvert.DeserializeObject<ConversationReference>(reader.GetString(6))!,
                Sql.NullableString(reader, 7),
                reader.GetInt64(8) == 1,
                Sql.ParseInstant(reader.GetString(9))));
        }

        return people;
    }

}
