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
/// and updates (PUT, recorded with the id they replace) and deletes of sent activities, and one-to-one conversations the bot starts
/// (POST /v3/conversations). Tests can make it answer with a status of their choosing, to see
/// how the bot copes with a failing channel.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<Func<HttpResponseMessage?>> _scripted = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private const string Hang = "hang";
    private const string Drop = "drop";
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Who is in each conversation or team, as Teams' paged members call answers.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<ChannelAccount>> Rosters { get; } = new();

    /// <summary>Conversations the bot asked to start, in order (Teams: a one-to-one chat with a team member).</summary>
    public ConcurrentQueue<ConversationParameters> CreatedConversations { get; } = new();

    /// <summary>Members a one-to-one chat cannot be started with (403), as when the app is not installed for them.</summary>
    public ConcurrentDictionary<string, bool> RefuseChatWith { get; } = new();

    /// <summary>How long each call takes to answer: a slow channel.</summary>
    public TimeSpan Latency { get; set; }

    public IReadOnlyCollection<ConnectorCall> Calls => _calls;

    /// <summary>Every update of a sent activity (PUT) gets this status: a channel that takes new messages but not changes to old ones.</summary>
    public HttpStatusCode? FailUpdates { get; set; }

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
        app.MapPost("/v3/conversations", (Delegate)connector.CreateConversationAsync);
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (string conversationId, string memberId) =>
            connector.Rosters.Values.SelectMany(r => r).FirstOrDefault(m => m.Id == memberId) is { } member
                ? Results.Content(JsonConvert.SerializeObject(member), "application/json")
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

    /// <summary>The next call is answered only after <paramref name="hang"/> (or never, while the bot waits): a hanging channel.</summary>
    public void HangNext(TimeSpan hang) => _scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.OK) { ReasonPhrase = Hang, Content = new StringContent(hang.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) });

    /// <summary>The next call's connection is closed without an answer.</summary>
    public void DropNext() => _scripted.Enqueue(() => new HttpResponseMessage(HttpStatusCode.OK) { ReasonPhrase = Drop });

    /// <summary>When each call arrived, by the connector's clock: to see how long the bot waited between attempts.</summary>
    public IReadOnlyList<DateTimeOffset> ArrivalTimes => [.. _calls.Select(c => c.ArrivedAt)];

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

        // A post gets a new id; an update (PUT) keeps the id of the activity it replaces.
        var id = context.Request.Method == "POST" ? $"sent-{Interlocked.Increment(ref _nextId)}" : context.Request.RouteValues["activityId"] as string;
        _calls.Enqueue(new ConnectorCall(context.Request.Method, context.Request.Path, conversationId, activity, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow, id));
        _arrived.Release();

        if (context.Request.Method == "PUT" && FailUpdates is { } refused)
        {
            return Results.StatusCode((int)refused);
        }

        if (_scripted.TryDequeue(out var scripted) && scripted() is { } failure)
        {
            if (failure.ReasonPhrase == Drop)
            {
                context.Abort();
                return Results.Empty;
            }

            if (failure.ReasonPhrase == Hang)
            {
                var hang = TimeSpan.FromMilliseconds(double.Parse(await failure.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture));
                try
                {
                    await Task.Delay(hang, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }

                return Results.Json(new { id });
            }

            if (failure.Headers.RetryAfter?.Delta is { } delay)
            {
                context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.StatusCode((int)failure.StatusCode);
        }

        return Results.Json(new { id });
    }

    /// <summary>As Bot Connector does: the new conversation's id; the bot then posts to it.</summary>
    private async Task<IResult> CreateConversationAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var parameters = JsonConvert.DeserializeObject<ConversationParameters>(await reader.ReadToEndAsync())!;
        var member = parameters.Members?.FirstOrDefault()?.Id ?? string.Empty;
        CreatedConversations.Enqueue(parameters);
        _calls.Enqueue(new ConnectorCall(context.Request.Method, context.Request.Path, string.Empty, null, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        _arrived.Release();
        return RefuseChatWith.ContainsKey(member)
            ? Results.StatusCode(403)
            : Results.Json(new { id = "personal-" + member });
    }
}

public sealed record Upload(byte[] Bytes, string ContentRange);

/// <param name="ActivityId">The id a post was given, or the id of the activity an update or delete names.</param>
public sealed record ConnectorCall(string Method, string Path, string ConversationId, Activity? Activity, string Authorization, DateTimeOffset ArrivedAt, string? ActivityId = null);
