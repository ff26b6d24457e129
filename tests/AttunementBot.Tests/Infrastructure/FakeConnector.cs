using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// A stand-in for the Bot Connector service (which lives in the cloud): a real HTTP server on
/// 127.0.0.1 that records what the bot sends to /v3/conversations/{id}/activities[/{replyTo}],
/// and updates and deletes of sent activities. Tests can make it answer with a status of
/// their choosing, to see how the bot copes with a failing channel.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<Func<HttpResponseMessage?>> _scripted = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Who is in each conversation or team, as Teams' paged members call answers.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<ChannelAccount>> Rosters { get; } = new();

    /// <summary>How long each call takes to answer: a slow channel.</summary>
    public TimeSpan Latency { get; set; }

    public IReadOnlyCollection<ConnectorCall> Calls => _calls;

    /// <summary>Files put to <see cref="UploadUrl"/> (as OneDrive's upload URL takes a Teams file-consent upload), by name.</summary>
    public ConcurrentDictionary<string, Upload> Uploads { get; } = new();

    /// <summary>Where a file-consent upload for <paramref name="name"/> goes, as Teams would hand it out.</summary>
    public Uri UploadUrl(string name) => new(ServiceUrl, "upload/" + Uri.EscapeDataString(name));

    public IEnumerable<Activity> Sent => _calls.Where(c => c.Method == "POST" && c.Activity is not null).Select(c => c.Activity!);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", connector.HandleAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", connector.HandleAsync);
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", connector.HandleAsync);
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", (string conversationId) =>
            connector.Rosters.TryGetValue(conversationId, out var members)
                ? Results.Content(JsonConvert.SerializeObject(new { members }), "application/json")
                : Results.NotFound());
        app.MapPut("/upload/{name}", async (HttpContext context, string name) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            connector.Uploads[name] = new Upload(body.ToArray(), context.Request.Headers.ContentRange.ToString());
            return Results.Created();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    /// <summary>The next call gets this status (and optional Retry-After seconds) instead of success.</summary>
    public void FailNext(HttpStatusCode status, int? retryAfterSeconds = null) =>
        _scripted.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return response;
        });

    /// <summary>Waits until at least <paramref name="count"/> calls have arrived.</summary>
    public async Task<IReadOnlyCollection<ConnectorCall>> WaitForCallsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (_calls.Count < count)
        {
            await _arrived.WaitAsync(cts.Token);
        }

        return _calls;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string conversationId)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var activity = string.IsNullOrEmpty(body) ? null : JsonConvert.DeserializeObject<Activity>(body);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        _calls.Enqueue(new ConnectorCall(context.Request.Method, context.Request.Path, conversationId, activity, context.Request.Headers.Authorization.ToString()));
        _arrived.Release();

        if (_scripted.TryDequeue(out var scripted) && scripted() is { } failure)
        {
            if (failure.Headers.RetryAfter?.Delta is { } delay)
            {
                context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.StatusCode((int)failure.StatusCode);
        }

        return Results.Json(new { id = $"sent-{Interlocked.Increment(ref _nextId)}" });
    }
}

public sealed record Upload(byte[] Bytes, string ContentRange);

public sealed record ConnectorCall(string Method, string Path, string ConversationId, Activity? Activity, string Authorization);
