using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttunementBot.Benchmarks.Fanout;

/// <summary>One call the bot made to the connector, stamped with the bot's clock when it arrived.</summary>
public sealed record ConnectorCall(string ConversationId, DateTimeOffset At, int Status, bool IsPrompt);

/// <summary>
/// A stand-in for the Bot Connector over real HTTP on 127.0.0.1: every call takes <c>latency</c>, and a share of
/// calls (chosen by a seeded random, so runs repeat) is refused with 429 and a Retry-After, as Teams does when
/// a bot sends too fast. Records every call with the time the bot's clock showed when it arrived.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _latency;
    private readonly double _throttleShare;
    private readonly int _retryAfterSeconds;
    private readonly Random _random = new(20260302);
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private int _accepted;
    private int _nextId;

    private RecordingConnector(WebApplication app, TimeProvider clock, TimeSpan latency, double throttleShare, int retryAfterSeconds)
    {
        _app = app;
        _clock = clock;
        _latency = latency;
        _throttleShare = throttleShare;
        _retryAfterSeconds = retryAfterSeconds;
    }

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyCollection<ConnectorCall> Calls => _calls;

    /// <summary>Prompts the connector accepted (200), as a quick progress check.</summary>
    public int AcceptedPrompts => Volatile.Read(ref _accepted);

    public static async Task<RecordingConnector> StartAsync(TimeProvider clock, TimeSpan latency, double throttleShare, int retryAfterSeconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new RecordingConnector(app, clock, latency, throttleShare, retryAfterSeconds);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", connector.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, string conversationId)
    {
        var at = _clock.GetUtcNow();
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        // A scheduled prompt is a card whose buttons carry flow "scheduling"; lead notes are plain text.
        var isPrompt = body.Contains("\"scheduling\"", StringComparison.Ordinal);
        bool throttled;
        lock (_random)
        {
            throttled = _random.NextDouble() < _throttleShare;
        }

        await Task.Delay(_latency, context.RequestAborted);
        _calls.Enqueue(new ConnectorCall(conversationId, at, throttled ? 429 : 200, isPrompt));
        if (throttled)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (isPrompt)
        {
            Interlocked.Increment(ref _accepted);
        }

        await context.Response.WriteAsJsonAsync(new { id = $"sent-{Interlocked.Increment(ref _nextId)}" }, context.RequestAborted);
    }
}
