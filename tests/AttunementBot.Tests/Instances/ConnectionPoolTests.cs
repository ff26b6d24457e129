using AttunementBot.Tests.Infrastructure;
using Npgsql;

namespace AttunementBot.Tests.Instances;

/// <summary>
/// On PostgreSQL a turn holds a pooled connection from its first read to its commit, and what it calls may open a
/// second. More people answering at once than the pool has connections must mean waiting, never failing.
/// </summary>
public sealed class ConnectionPoolTests : IDisposable
{
    private readonly BotHost _host;

    public ConnectionPoolTests()
    {
        var settings = TestPostgres.Available ? TestPostgres.HostSettings(TestPostgres.NewSchema()) : [];
        if (TestPostgres.Available)
        {
            // A small pool, and a short wait for a connection, so a pool the turns starve fails fast and plainly.
            settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(settings["Storage:ConnectionString"]) { MaxPoolSize = 10, Timeout = 5 }.ConnectionString;
        }

        _host = new BotHost(settings: settings);
    }

    [PostgresFact]
    public async Task Three_times_as_many_people_at_once_as_the_pool_has_connections_all_get_their_next_step()
    {
        using var client = _host.CreateBotClient();
        var people = Enumerable.Range(0, 30).Select(_ => new Conversation(client)).ToList();
        await Task.WhenAll(people.Select(p => p.SayAsync("reflect")));

        var answers = await Task.WhenAll(people.Select(p => p.SayAsync("4 3")));

        Assert.All(answers, a => Assert.DoesNotContain("Something went wrong", BotClient.TextOf(a), StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Equal("pulls", CardReader.Last(a).Step));
    }

    public void Dispose() => _host.Dispose();
}
