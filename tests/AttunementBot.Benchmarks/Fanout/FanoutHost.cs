using AttunementBot.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Benchmarks.Fanout;

/// <summary>
/// The real bot host, in this process, with its own SQLite folder, the given clock and a supervision group of
/// the benchmark's choosing (as the scheduling tests do). Its messages from people arrive in memory; what it
/// sends on its own goes over real HTTP to the connector in each person's conversation reference.
/// </summary>
public sealed class FanoutHost(string dataFolder, TimeProvider clock, ISupervisionGroupMembers group, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<Program>
{
    static FanoutHost()
    {
        // The factory looks for its manifest in the working directory (the repository, under dotnet run);
        // this setting points it at the build output instead, where appsettings.json and cards/ are.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ATTUNEMENTBOT", AppContext.BaseDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataFolder", dataFolder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(clock);
            services.AddSingleton(group);
        });
    }
}

/// <summary>A supervision group of everyone the benchmark registered.</summary>
public sealed class FixedGroup(string name) : ISupervisionGroupMembers
{
    public List<string> Keys { get; } = [];

    public Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(groupName == name ? Keys : []);
}
