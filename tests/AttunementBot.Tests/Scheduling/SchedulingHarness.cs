using AttunementBot.Scheduling;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using AttunementBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Scheduling;

/// <summary>
/// The real host on a fake clock, with the fake connector as every person's channel. The clock moves only
/// while the scheduler is idle, straight to the moment it waits for, so each connector call is stamped
/// with the fake time it arrived at.
/// </summary>
public sealed class SchedulingHarness : IAsyncDisposable
{
    public const string LeadId = "lead-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly List<(ConnectorCall Call, DateTimeOffset At)> _arrivals = [];
    private int _seen;

    private SchedulingHarness(FakeTimeProvider clock, FakeConnector connector, string folder, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Clock = clock;
        Connector = connector;
        Folder = folder;
        _settings = settings;
        _services = services;
        Host = NewHost();
        Client = Host.CreateBotClient();
    }

    public FakeTimeProvider Clock { get; }

    public FakeConnector Connector { get; }

    public string Folder { get; }

    public BotHost Host { get; private set; }

    public BotClient Client { get; private set; }

    /// <summary>Every connector call with the fake time it arrived at.</summary>
    public IReadOnlyList<(ConnectorCall Call, DateTimeOffset At)> Arrivals
    {
        get
        {
            Stamp();
            return _arrivals;
        }
    }

    public SchedulerSignal Signal => Host.Services.GetRequiredService<SchedulerSignal>();

    public static async Task<SchedulingHarness> StartAsync(DateTimeOffset start, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(start);
        var connector = await FakeConnector.StartAsync();
        var folder = Directory.CreateTempSubdirectory("attunementbot-scheduling-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["People:Leads:0"] = LeadId,
            ["People:DefaultTimeZone"] = "UTC",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        if (TestPostgres.HostsUsePostgres)
        {
            // One schema for the harness, so a restarted host finds the same data.
            foreach (var (key, value) in TestPostgres.HostSettings(TestPostgres.NewSchema()))
            {
                all[key] = value;
            }
        }

        return new SchedulingHarness(clock, connector, folder, all, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
    }

    /// <summary>Someone who has said hello once in a one-to-one chat, so the bot can reach them.</summary>
    public async Task<Conversation> PersonAsync(string name, string? timeZone, string? userId = null)
    {
        var person = new Conversation(Client, "msteams", userId) { ServiceUrl = Connector.ServiceUrl.ToString() };
        person.User.Name = name;
        var hello = person.Message("hi");
        hello.LocalTimezone = timeZone;
        hello.Timestamp = Clock.GetUtcNow();
        await person.SendAsync(hello);
        return person;
    }

    public static async Task<string> SayAsync(Conversation person, string text) => BotClient.TextOf(await person.SayAsync(text));

    public static async Task<string> PressAsync(Conversation person, JObject value) => BotClient.TextOf(await person.SubmitAsync(value));

    /// <summary>Moves the fake clock to <paramref name="target"/>, stopping at every moment the scheduler waits for.</summary>
    public async Task RunUntilAsync(DateTimeOffset target)
    {
        var signal = Signal;
        while (true)
        {
            // A guard against a hang, not a speed target: a loaded 2-core machine can take a while per pass.
            await signal.WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Stamp();
            var next = signal.NextWake;
            if (next is null || next > target)
            {
                if (Clock.GetUtcNow() < target)
                {
                    Clock.SetUtcNow(target);
                }

                return;
            }

            signal.ExpectWork();
            if (next > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(next.Value);
            }
        }
    }

    public Task RunForAsync(TimeSpan span) => RunUntilAsync(Clock.GetUtcNow() + span);

    /// <summary>What the bot posted into this person's chat without being asked (after the welcome).</summary>
    public IReadOnlyList<(Activity Activity, DateTimeOffset At)> SentTo(Conversation person) =>
        [.. Arrivals.Where(a => a.Call.ConversationId == person.Account.Id && a.Call.Activity is not null).Select(a => (a.Call.Activity!, a.At))];

    public IReadOnlyList<(JObject Card, DateTimeOffset At)> PromptsTo(Conversation person) =>
        [.. SentTo(person).SelectMany(s => (s.Activity.Attachments ?? []).Select(a => (Card: a.Content as JObject, s.At)))
            .Where(c => c.Card is not null && c.Card.ToString().Contains("\"scheduling\"", StringComparison.Ordinal))
            .Select(c => (c.Card!, c.At))];

    public static string Title(JObject card) => (string)card["body"]![0]!["text"]!;

    public static JObject Button(JObject card, string action) =>
        (JObject)card["actions"]!.First(a => (string?)a["data"]?["action"] == action)["data"]!.DeepClone();

    /// <summary>Stops the bot (its scheduler too) and starts it again on the same database and clock.</summary>
    public async Task RestartAsync(TimeSpan downFor)
    {
        Client.Dispose();
        await Host.DisposeAsync();
        Clock.Advance(downFor);
        Host = NewHost();
        Client = Host.CreateBotClient();
    }

    /// <summary>Rows of the delivery table, for what users cannot see (what was recorded).</summary>
    public async Task<List<(string Kind, string Status, string? Reason, string Person)>> DeliveriesAsync()
    {
        await using var connection = await Host.Services.GetRequiredService<Database>().OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT kind, status, reason, person_key FROM delivery ORDER BY id";
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<(string, string, string?, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }

    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = await Host.Services.GetRequiredService<Database>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp is cleaned eventually.
        }
    }

    private BotHost NewHost() => new(Folder, settings: _settings, services: _services);

    private void Stamp()
    {
        var calls = Connector.Calls.ToList();
        var now = Clock.GetUtcNow();
        for (; _seen < calls.Count; _seen++)
        {
            _arrivals.Add((calls[_seen], now));
        }
    }
}
