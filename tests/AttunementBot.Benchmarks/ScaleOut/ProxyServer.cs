using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.LoadBalancing;

namespace AttunementBot.Benchmarks.ScaleOut;

/// <summary>
/// The load balancer in front of the bot's instances, as App Service or Kubernetes would put one: YARP, round robin,
/// no affinity, so one conversation's turns land on every instance in turn. Run by this program in a process of its
/// own: <c>proxy-server URL [URL...] --urls URL</c>. It answers /healthz itself (the benchmark starts it after the
/// instances are healthy), so its CPU is only the proxying.
/// </summary>
public static class ProxyServer
{
    public const string Mode = "proxy-server";

    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var destinations = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (destinations.Count == 0)
        {
            throw new ArgumentException($"{Mode} needs the instances' addresses before its options.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args[destinations.Count..], ContentRootPath = AppContext.BaseDirectory });

        // YARP logs every request it forwards at Information: at thousands a second that would be most of its CPU.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "bot", ClusterId = "instances", Match = new RouteMatch { Path = "/api/{**rest}" } }],
            [
                new ClusterConfig
                {
                    ClusterId = "instances",
                    LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                    Destinations = destinations.Select((url, i) => (url, i)).ToDictionary(
                        d => string.Create(CultureInfo.InvariantCulture, $"instance-{d.i + 1}"),
                        d => new DestinationConfig { Address = d.url }),
                    // Plain HTTP/1.1 over loopback, as a load balancer usually speaks to its back ends.
                    HttpRequest = new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower },
                },
            ]);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("Healthy"));
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
