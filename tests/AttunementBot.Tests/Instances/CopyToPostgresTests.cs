using AttunementBot.Storage;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AttunementBot.Tests.Instances;

/// <summary>An installation moves from SQLite to PostgreSQL with one command, and its people carry on where they were.</summary>
public sealed class CopyToPostgresTests
{
    [PostgresFact]
    public async Task A_reflection_in_progress_on_SQLite_carries_on_after_the_copy_on_PostgreSQL()
    {
        var target = TestPostgres.NewSchema();
        using var before = new BotHost(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite", ["Storage:ConnectionString"] = "" });
        Conversation sam;
        using (var client = before.CreateBotClient())
        {
            sam = new Conversation(client);
            await sam.SayAsync("reflect");
            await sam.SayAsync("4 3");
        }

        var command = new CopyToPostgresCommand(Options.Create(new StorageOptions { DataFolder = before.DataFolder }));
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await command.RunAsync(["--to", target], output, error, CancellationToken.None));
        Assert.Contains("bot_state: ", output.ToString(), StringComparison.Ordinal);

        // The same key ring (the data folder's), as the new instances are given it.
        using var after = new BotHost(before.DataFolder, settings: TestPostgres.HostSettings(target));
        using var afterClient = after.CreateBotClient();
        var again = new Conversation(afterClient, userId: sam.User.Id);
        again.Account.Id = sam.Account.Id;
        var presence = CardReader.Last(await again.SayAsync("back"));
        Assert.Equal("4", presence.InputValue("presence"));
        Assert.Equal("3", presence.InputValue("settledness"));

        using var refused = new StringWriter();
        Assert.Equal(1, await command.RunAsync(["--to", target], TextWriter.Null, refused, CancellationToken.None));
        Assert.Contains("already has rows", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_target_it_says_how_to_call_it()
    {
        var command = new CopyToPostgresCommand(Options.Create(new StorageOptions()));
        using var error = new StringWriter();

        Assert.Equal(2, await command.RunAsync(["--to"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("Usage: copy-to-postgres --to", error.ToString(), StringComparison.Ordinal);
    }
}
