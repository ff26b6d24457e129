using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using AttunementBot.Supervision;
using AttunementBot.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AttunementBot.Tests.Storage;

/// <summary>What a copied database file shows of what clinicians wrote, and whether older data still reads.</summary>
public sealed class AtRestProtectionTests : IDisposable
{
    private const string Owner = "msteams:owner-7f3a";
    private const string Moment = "Marigold flinched when the zeppelin alarm rang";
    private const string Intention = "Begin with the quokka story and an apology";
    private const string Other = "tangerine-coloured worry";
    private const string SharedText = "Periwinkle asked whether I was listening";
    private static readonly string[] Words = ["Marigold", "zeppelin", "quokka", "tangerine", "Periwinkle"];

    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-protect-").FullName;

    [Fact]
    public async Task A_reflection_and_a_shared_card_leave_none_of_their_words_in_the_database_file_or_its_wal()
    {
        using var host = new BotHost(_folder);
        var history = host.Services.GetRequiredService<IReflectionHistory>();
        var store = host.Services.GetRequiredService<ISupervisionStore>();

        await history.SaveAsync(Owner, Reflection("r1"), CancellationToken.None);
        var group = await store.SaveGroupAsync(new SupervisionGroup("g1", "Trauma Team", "msteams", Channel(), Owner, DateTimeOffset.UtcNow), CancellationToken.None);
        await store.AddSharedCardAsync(Card("c1", group.Id, SharedText), CancellationToken.None);

        // Everything still reads back for the clinician and the group...
        var read = await history.FindAsync(Owner, "r1", CancellationToken.None);
        Assert.Equal(Moment, read!.Answers.Moment);
        Assert.Equal(Intention, read.Answers.Intention);
        Assert.Equal(Other, read.Answers.PullOther);
        Assert.Contains(SharedText, (await store.FindSharedCardAsync("c1", CancellationToken.None))!.Content.ToJsonString(), StringComparison.Ordinal);

        // ...while what the database keeps (on SQLite the file and the WAL, where those rows were just written; on
        // PostgreSQL every row) shows the owner's key and group name but no word.
        Assert.True(host.OnPostgres || RawDatabaseFiles.WalLength(_folder) > 0);
        Assert.Equal([Owner, "Trauma Team"], host.RevealStored([Owner, "Trauma Team", .. Words]));
    }

    [Fact]
    public async Task Rows_written_under_an_older_key_still_read_after_a_new_key_and_a_restart()
    {
        Guid first, second;
        using (var host = new BotHost(_folder))
        {
            await host.Services.GetRequiredService<IReflectionHistory>().SaveAsync(Owner, Reflection("before"), CancellationToken.None);
            var keys = host.Services.GetRequiredService<IKeyManager>();
            first = Assert.Single(keys.GetAllKeys()).KeyId;

            // What rotation does when the 90 days are up: a new key for new data, nothing revoked.
            second = keys.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90)).KeyId;
        }

        SqliteConnection.ClearAllPools();
        using var restarted = new BotHost(_folder);
        var history = restarted.Services.GetRequiredService<IReflectionHistory>();
        await history.SaveAsync(Owner, Reflection("after"), CancellationToken.None);

        Assert.Equal(first, KeyIdOf(restarted, "before"));
        Assert.Equal(second, KeyIdOf(restarted, "after"));
        Assert.DoesNotContain(restarted.Services.GetRequiredService<IKeyManager>().GetAllKeys(), key => key.IsRevoked);
        var recent = await history.RecentAsync(Owner, 10, CancellationToken.None);
        Assert.Equal(["after", "before"], recent.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(recent, r => Assert.Equal(Moment, r.Answers.Moment));
    }

    [Fact]
    public async Task Plain_rows_from_before_encryption_still_read_and_are_encrypted_at_the_next_start_leaving_no_trace()
    {
        using (var before = new BotHost(_folder))
        {
            // Rows exactly as the bot stored them before encryption at rest.
            before.Execute(
                "INSERT INTO reflection (id, owner_key, started_at, completed_at, answers) VALUES ('old', @owner, @at, @at, @answers)",
                ("@owner", Owner), ("@at", "2026-11-30T10:00:00.0000000Z"), ("@answers", $$"""{"presence":3,"moment":"{{Moment}}","intention":"{{Intention}}"}"""));
            before.Execute(
                "INSERT INTO supervision_group (id, name, channel_id, reference, created_by, created_at) VALUES ('g1', 'Trauma Team', 'msteams', '{}', @owner, @at)",
                ("@owner", Owner), ("@at", "2026-11-30T10:00:00.0000000Z"));
            before.Execute(
                "INSERT INTO shared_card (id, group_id, owner_key, reflection_id, content, status, posted_at) VALUES ('c1', 'g1', @owner, 'old', @content, 'Posted', @at)",
                ("@owner", Owner), ("@at", "2026-11-30T10:00:00.0000000Z"), ("@content", Card("c1", "g1", SharedText).Content.ToJsonString()));
            Assert.NotEmpty(before.RevealStored(Words));
        }

        SqliteConnection.ClearAllPools();

        using var after = new BotHost(_folder);
        var history = after.Services.GetRequiredService<IReflectionHistory>();
        Assert.Equal(Moment, (await history.FindAsync(Owner, "old", CancellationToken.None))!.Answers.Moment);
        Assert.Contains(SharedText, (await after.Services.GetRequiredService<ISupervisionStore>().FindSharedCardAsync("c1", CancellationToken.None))!.Content.ToJsonString(), StringComparison.Ordinal);

        Assert.StartsWith(ColumnProtector.Marker, (string)after.Scalar("SELECT answers FROM reflection WHERE id = 'old'")!, StringComparison.Ordinal);
        Assert.StartsWith(ColumnProtector.Marker, (string)after.Scalar("SELECT content FROM shared_card WHERE id = 'c1'")!, StringComparison.Ordinal);
        Assert.Equal([Owner], after.RevealStored([Owner, .. Words]));
    }

    [Fact]
    public async Task With_a_certificate_configured_the_key_files_hold_no_key_in_the_clear_and_data_reads_after_a_restart()
    {
        var pfx = Path.Combine(_folder, "protection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=AttunementBot data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "correct horse"));
        }

        var data = Path.Combine(_folder, "data");
        var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "correct horse" };
        using (var host = new BotHost(data, settings: settings))
        {
            await host.Services.GetRequiredService<IReflectionHistory>().SaveAsync(Owner, Reflection("r1"), CancellationToken.None);
        }

        var keyFile = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(data, "keys"), "*.xml")));
        Assert.Contains("EncryptedData", keyFile, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", keyFile, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        using var restarted = new BotHost(data, settings: settings);
        Assert.Equal(Moment, (await restarted.Services.GetRequiredService<IReflectionHistory>().FindAsync(Owner, "r1", CancellationToken.None))!.Answers.Moment);
    }

    [Fact]
    public async Task A_certificate_file_that_is_not_there_stops_the_bot_with_a_message_naming_the_setting()
    {
        using var host = new BotHost(_folder, settings: new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = Path.Combine(_folder, "missing.pfx") });

        Assert.Contains("DataProtection:CertificatePath", await host.StartupFailureAsync(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static CompletedReflection Reflection(string id) =>
        new(id, DateTimeOffset.UtcNow.AddMinutes(-3), DateTimeOffset.UtcNow, new ReflectionAnswers
        {
            Presence = 3,
            Pulls = [Pull.Other],
            PullOther = Other,
            Misattunement = MisattunementNoticed.Yes,
            Moment = Moment,
            Intention = Intention,
        });

    private static SharedCard Card(string id, string groupId, string text) =>
        new(id, groupId, Owner, "r1", new JsonObject { ["texts"] = new JsonArray(new JsonObject { ["title"] = "The moment", ["text"] = text }) }, null, SharedCardStatus.Posted, DateTimeOffset.UtcNow, null, null, 0, 0);

    private static ConversationReference Channel() =>
        new() { ChannelId = "msteams", ServiceUrl = "https://smba.example/", Conversation = new ConversationAccount(id: "19:group@thread.tacv2") };

    /// <summary>Data Protection's payload: a 4-byte magic header, then the id of the key it was protected with.</summary>
    private static Guid KeyIdOf(BotHost host, string reflectionId)
    {
        var stored = (string)host.Scalar("SELECT answers FROM reflection WHERE id = @id", ("@id", reflectionId))!;
        return new Guid(WebEncoders.Base64UrlDecode(stored[ColumnProtector.Marker.Length..]).AsSpan(4, 16));
    }
}
