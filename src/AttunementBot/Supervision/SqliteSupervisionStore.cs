using System.Text.Json.Nodes;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace AttunementBot.Supervision;

public sealed class SqliteSupervisionStore(SqliteDatabase database, TimeProvider clock, IDataProtectionProvider protection) : ISupervisionStore
{
    /// <summary>A shared card's text is encrypted at rest; its group, owner, status and times are not.</summary>
    public static readonly ProtectedColumn Content = new("shared_card", "content", "id");

    private readonly ColumnProtector _content = new(protection, Content);

    private const string CardColumns = """
        c.id, c.group_id, c.owner_key, c.reflection_id, c.content, c.activity_id, c.status, c.posted_at,
        c.discussion_requested_at, c.discussed_at,
        (SELECT COUNT(*) FROM card_acknowledgement a WHERE a.card_id = c.id),
        (SELECT COUNT(*) FROM card_peer_reflection r WHERE r.card_id = c.id),
        c.preview_id
        """;

    public async Task<SupervisionGroup> SaveGroupAsync(SupervisionGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO supervision_group (id, name, channel_id, reference, created_by, created_at, team_id)
            VALUES ($id, $name, $channel, $reference, $by, $at, $team)
            ON CONFLICT (name) DO UPDATE SET channel_id = excluded.channel_id, reference = excluded.reference, team_id = excluded.team_id
            """;
        upsert.Parameters.AddWithValue("$id", group.Id);
        upsert.Parameters.AddWithValue("$name", group.Name);
        upsert.Parameters.AddWithValue("$channel", group.ChannelId);
        upsert.Parameters.AddWithValue("$reference", JsonConvert.SerializeObject(group.Channel));
        upsert.Parameters.AddWithValue("$by", group.CreatedBy);
        upsert.Parameters.AddWithValue("$at", Text(group.CreatedAt));
        upsert.Parameters.AddWithValue("$team", (object?)group.TeamId ?? DBNull.Value);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        return (await FindGroupAsync(group.Name, cancellationToken))!;
    }

    public async Task<SupervisionGroup?> FindGroupAsync(string name, CancellationToken cancellationToken) =>
        (await GroupsAsync("WHERE g.name = $p COLLATE NOCASE", [("$p", name.Trim())], cancellationToken)).FirstOrDefault();

    public async Task<SupervisionGroup?> FindGroupByChannelAsync(string channelId, string conversationId, CancellationToken cancellationToken) =>
        (await GroupsAsync(
            "WHERE g.channel_id = $c AND json_extract(g.reference, '$.conversation.id') = $p",
            [("$c", channelId), ("$p", conversationId)],
            cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<SupervisionGroup>> GroupsOfAsync(string personKey, CancellationToken cancellationToken) =>
        GroupsAsync("JOIN group_member m ON m.group_id = g.id WHERE m.person_key = $p", [("$p", personKey)], cancellationToken);

    public Task<IReadOnlyList<SupervisionGroup>> AllGroupsAsync(CancellationToken cancellationToken) =>
        GroupsAsync(string.Empty, [], cancellationToken);

    public Task<IReadOnlyList<SupervisionGroup>> GroupsOfTeamAsync(string teamId, CancellationToken cancellationToken) =>
        GroupsAsync("WHERE g.team_id = $p", [("$p", teamId)], cancellationToken);

    public async Task<bool> JoinAsync(string groupId, string personKey, string roleId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT INTO group_member (group_id, person_key, role_id, joined_at) VALUES ($g, $p, $r, $now) ON CONFLICT DO NOTHING",
            [("$g", groupId), ("$p", personKey), ("$r", roleId), ("$now", Text(clock.GetUtcNow()))],
            cancellationToken) == 1;

    public async Task<bool> LeaveAsync(string groupId, string personKey, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM group_member WHERE group_id = $g AND person_key = $p", [("$g", groupId), ("$p", personKey)], cancellationToken) == 1;

    public async Task<bool> IsMemberAsync(string groupId, string roleId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT 1 FROM group_member WHERE group_id = $g AND role_id = $r", [("$g", groupId), ("$r", roleId)]);
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<string>> MemberKeysAsync(string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, "SELECT person_key FROM group_member WHERE group_id = $g ORDER BY joined_at", [("$g", groupId)]);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task AddSharedCardAsync(SharedCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        await ExecuteAsync(
            """
            INSERT INTO shared_card (id, group_id, owner_key, reflection_id, content, activity_id, status, posted_at, preview_id)
            VALUES ($id, $g, $owner, $reflection, $content, $activity, $status, $at, $preview)
            """,
            [
                ("$id", card.Id), ("$g", card.GroupId), ("$owner", card.OwnerKey), ("$reflection", card.ReflectionId),
                ("$content", _content.Protect(card.Content.ToJsonString())), ("$activity", card.ActivityId), ("$status", card.Status.ToString()),
                ("$at", Text(card.PostedAt)), ("$preview", card.PreviewId),
            ],
            cancellationToken);
    }

    public Task SetActivityIdAsync(string cardId, string activityId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE shared_card SET activity_id = $a WHERE id = $id", [("$a", activityId), ("$id", cardId)], cancellationToken);

    public async Task<SharedCard?> FindSharedCardAsync(string cardId, CancellationToken cancellationToken) =>
        (await CardsAsync("WHERE c.id = $p", [("$p", cardId)], cancellationToken)).FirstOrDefault();

    public async Task<SharedCard?> FindSharedCardByPreviewAsync(string ownerKey, string previewId, CancellationToken cancellationToken) =>
        (await CardsAsync("WHERE c.owner_key = @owner AND c.preview_id = @preview", [("@owner", ownerKey), ("@preview", previewId)], cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<SharedCard>> SharedByAsync(string ownerKey, CancellationToken cancellationToken) =>
        CardsAsync("WHERE c.owner_key = $p ORDER BY c.posted_at DESC", [("$p", ownerKey)], cancellationToken);

    public Task<IReadOnlyList<SharedCard>> DiscussionListAsync(string groupId, CancellationToken cancellationToken) =>
        CardsAsync(
            "WHERE c.group_id = $p AND c.status = 'Posted' AND c.discussion_requested_at IS NOT NULL AND c.discussed_at IS NULL ORDER BY c.discussion_requested_at",
            [("$p", groupId)],
            cancellationToken);

    public async Task<bool> WithdrawAsync(string cardId, JsonObject withdrawnContent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdrawnContent);

        // The shared text is not kept once withdrawn: only the placeholder remains.
        return await ExecuteAsync(
            "UPDATE shared_card SET status = 'Withdrawn', withdrawn_at = $now, content = $content WHERE id = $id AND status = 'Posted'",
            [("$now", Text(clock.GetUtcNow())), ("$content", _content.Protect(withdrawnContent.ToJsonString())), ("$id", cardId)],
            cancellationToken) == 1;
    }

    public async Task<bool> AcknowledgeAsync(string cardId, string roleId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "INSERT INTO card_acknowledgement (card_id, role_id, at) VALUES ($id, $r, $now) ON CONFLICT DO NOTHING",
            [("$id", cardId), ("$r", roleId), ("$now", Text(clock.GetUtcNow()))],
            cancellationToken) == 1;

    public async Task<bool> RequestDiscussionAsync(string cardId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE shared_card SET discussion_requested_at = $now, discussed_at = NULL WHERE id = $id AND (discussion_requested_at IS NULL OR discussed_at IS NOT NULL)",
            [("$now", Text(clock.GetUtcNow())), ("$id", cardId)],
            cancellationToken) == 1;

    public async Task<bool> MarkDiscussedAsync(string cardId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE shared_card SET discussed_at = $now WHERE id = $id AND discussion_requested_at IS NOT NULL AND discussed_at IS NULL",
            [("$now", Text(clock.GetUtcNow())), ("$id", cardId)],
            cancellationToken) == 1;

    public Task AddPeerReflectionAsync(string cardId, string roleId, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO card_peer_reflection (card_id, role_id, at) VALUES ($id, $r, $now)",
            [("$id", cardId), ("$r", roleId), ("$now", Text(clock.GetUtcNow()))],
            cancellationToken);

    public async Task ForgetAsync(string personKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var sql in new[] { "DELETE FROM shared_card WHERE owner_key = $p", "DELETE FROM group_member WHERE person_key = $p" })
        {
            await using var delete = Sql.Command(connection, sql, ("$p", personKey));
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<SupervisionGroup>> GroupsAsync(string where, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, $"SELECT g.id, g.name, g.channel_id, g.reference, g.created_by, g.created_at, g.team_id FROM supervision_group g {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var groups = new List<SupervisionGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new SupervisionGroup(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                JsonConvert.DeserializeObject<ConversationReference>(reader.GetString(3))!,
                reader.GetString(4),
                Parse(reader.GetString(5)),
                Sql.NullableString(reader, 6)));
        }

        return groups;
    }

    private async Task<IReadOnlyList<SharedCard>> CardsAsync(string where, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var query = Sql.Command(connection, $"SELECT {CardColumns} FROM shared_card c {where}", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var cards = new List<SharedCard>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cards.Add(new SharedCard(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                (JsonObject)JsonNode.Parse(_content.Unprotect(reader.GetString(4)))!,
                reader.IsDBNull(5) ? null : reader.GetString(5),
                Enum.Parse<SharedCardStatus>(reader.GetString(6)),
                Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? null : Parse(reader.GetString(8)),
                reader.IsDBNull(9) ? null : Parse(reader.GetString(9)),
                reader.GetInt32(10),
                reader.GetInt32(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return cards;
    }

    private async Task<int> ExecuteAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Text(DateTimeOffset value) => Sql.Instant(value);

    private static DateTimeOffset Parse(string value) => Sql.ParseInstant(value);
}
