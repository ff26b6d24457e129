using System.Net;
using AttunementBot.Tests.Infrastructure;

namespace AttunementBot.Tests.Foundation;

public sealed class HostTests
{
    [Fact]
    public async Task Health_and_readiness_answer_when_storage_works()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();

        using var alive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(host.OnPostgres ? "Postgres" : "Sqlite", await ready.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task On_SQLite_the_database_is_a_file_in_the_data_folder()
    {
        using var host = new BotHost(settings: SqliteOnly);
        using var http = host.CreateClient();

        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(Path.Combine(host.DataFolder, "attunementbot.db")));
    }

    [Fact]
    public async Task Readiness_fails_when_the_data_folder_cannot_be_used()
    {
        using var blocker = new BotHost();
        var notAFolder = Path.Combine(blocker.DataFolder, "a-file");
        await File.WriteAllTextAsync(notAFolder, "this is a file, not a folder");
        using var host = new BotHost(settings: new Dictionary<string, string?>(SqliteOnly) { ["Storage:DataFolder"] = notAFolder });
        using var http = host.CreateClient();

        using var alive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_and_says_so_when_PostgreSQL_does_not_answer()
    {
        // A loopback port nothing listens on: no server is needed to see the bot report it.
        using var host = new BotHost(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = $"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=2",
        });
        using var http = host.CreateClient();

        using var alive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("PostgreSQL database does not answer", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // These tests are about the SQLite file and its folder, so they keep SQLite when the suite's hosts are on PostgreSQL.
    private static readonly Dictionary<string, string?> SqliteOnly = new() { ["Storage:Provider"] = "Sqlite" };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Production_without_an_app_id_refuses_to_start_and_says_why()
    {
        using var host = new BotHost(environment: "Production");

        var message = await host.StartupFailureAsync();

        Assert.Contains("MicrosoftAppId is empty", message);
        Assert.Contains("Security:AllowAnonymousInProduction", message);
    }

    [Fact]
    public async Task Production_without_an_app_id_starts_when_the_operator_opts_out()
    {
        using var host = new BotHost(environment: "Production", settings: new Dictionary<string, string?> { ["Security:AllowAnonymousInProduction"] = "true" });
        using var http = host.CreateClient();

        using var alive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Only_some_of_the_cloud_settings_stop_the_bot_at_start_up_naming_the_missing_ones()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?>
        {
            ["ToBotFromChannelOpenIdMetadataUrl"] = "https://login.example.org/v1/.well-known/openidconfiguration",
            ["ToBotFromChannelTokenIssuer"] = "https://api.example.org",
        });

        var output = await host.StartupFailureAsync();

        Assert.Contains("ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, OAuthUrl are empty", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_setting_is_named_at_start_up()
    {
        using var host = new BotHost(settings: new Dictionary<string, string?> { ["Storage:SqliteFileName"] = "sub/dir.db" });

        Assert.Contains("Storage:SqliteFileName must be a file name only", await host.StartupFailureAsync());
    }

    [Fact]
    public async Task A_failing_turn_apologises_keeps_stored_state_and_logs_no_user_text()
    {
        using var host = new BotHost();
        using var client = host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("hi");
        var corrupted = CorruptUserState(host, person.User.Id);

        var replies = await person.SayAsync("my client Jordan cried today");

        Assert.Contains("Something went wrong on my side", BotClient.TextOf(replies));
        Assert.Contains("kept", BotClient.TextOf(replies));
        Assert.Equal(corrupted, ReadUserState(host, person.User.Id));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Turn failed", StringComparison.Ordinal));
        Assert.DoesNotContain("Jordan", host.Logs.All, StringComparison.Ordinal);
    }

    private static string CorruptUserState(BotHost host, string userId)
    {
        Assert.Equal(1, host.Execute("UPDATE bot_state SET data = '{\"$type\": \"Not.A.Type, Nowhere\"}' WHERE key LIKE '%/users/' || @user", ("@user", userId)));
        return ReadUserState(host, userId);
    }

    private static string ReadUserState(BotHost host, string userId) =>
        (string)host.Scalar("SELECT data FROM bot_state WHERE key LIKE '%/users/' || @user", ("@user", userId))!;
}
