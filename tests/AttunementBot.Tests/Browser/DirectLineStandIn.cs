using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Browser;

/// <summary>
/// A small Direct Line 3.0 service on 127.0.0.1, so the official Web Chat can talk to the real bot host
/// offline. Web Chat's side (polling, no web socket): start a conversation with a token, post activities,
/// read them after a watermark. The bot's side: user activities go to its /api/messages with this server
/// as serviceUrl, and its Bot Connector calls (send, reply, update) come back here. An updated activity is
/// streamed again under its own id, which Web Chat shows in place of the earlier version.
/// It also serves the Web Chat page and the bundle from tests/webchat/node_modules (no CDN).
/// </summary>
public sealed class DirectLineStandIn : IAsyncDisposable
{
    private const string DirectLine = "/v3/directline";
    private static readonly JsonSerializerSettings Json = new() { NullValueHandling = NullValueHandling.Ignore, DateParseHandling = DateParseHandling.None };
    private readonly WebApplication _app;
    private readonly HttpClient _bot;
    private readonly ConcurrentDictionary<string, DirectLineConversation> _byToken = new();
    private readonly ConcurrentDictionary<string, DirectLineConversation> _byId = new();
    private int _conversations;

    private DirectLineStandIn(WebApplication app, HttpClient bot)
    {
        _app = app;
        _bot = bot;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every call but Web Chat's polls, with its status: what to read when a test fails.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Bot Connector calls that changed an activity already shown (PUT), as a count: to tell a replaced card from a new one.</summary>
    public int Updates => _byId.Values.Sum(c => c.Updates);

    /// <param name="bot">Posts to the real host's /api/messages.</param>
    /// <param name="webChatFolder">tests/webchat: the page, and node_modules with botframework-webchat.</param>
    public static async Task<DirectLineStandIn> StartAsync(HttpClient bot, string webChatFolder)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new DirectLineStandIn(app, bot);
        app.Use(async (context, next) =>
        {
            await next(context);
            if (!(context.Request.Method == "GET" && context.Request.Path.Value!.EndsWith("/activities", StringComparison.Ordinal)))
            {
                standIn.Calls.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {context.Request.Method} {context.Request.Path} -> {context.Response.StatusCode}");
            }
        });

        var bundle = Path.Combine(webChatFolder, "node_modules", "botframework-webchat", "dist", "webchat.js");
        app.MapGet("/", () => Results.File(Path.Combine(webChatFolder, "index.html"), "text/html; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent());
        app.MapGet("/webchat.js", () => Results.File(bundle, "text/javascript; charset=utf-8"));

        app.MapPost(DirectLine + "/conversations", (Delegate)standIn.StartConversationAsync);
        app.MapGet(DirectLine + "/conversations/{conversationId}", (HttpContext context, string conversationId) => standIn.Resume(context, conversationId));
        app.MapGet(DirectLine + "/conversations/{conversationId}/activities", (HttpContext context, string conversationId, string? watermark) => standIn.Read(context, conversationId, watermark));
        app.MapPost(DirectLine + "/conversations/{conversationId}/activities", standIn.FromUserAsync);
        app.MapPost(DirectLine + "/tokens/refresh", (HttpContext context) =>
            standIn.Authorized(context) is { } conversation ? Results.Json(new { conversationId = conversation.Id, token = conversation.Token, expires_in = 3600 }) : Results.Unauthorized());

        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", standIn.FromBotAsync);
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", standIn.UpdateFromBotAsync);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>
    /// A token for one person's conversation, as a site's token endpoint would hand to its page. With
    /// <paramref name="asGroupChat"/> the conversation reaches the bot as a group chat, so the bot treats it
    /// as a supervision group's home (Direct Line itself has only one-to-one conversations).
    /// </summary>
    public string IssueToken(string userId, string userName, bool asGroupChat = false)
    {
        var number = Interlocked.Increment(ref _conversations);
        var conversation = new DirectLineConversation($"dl-conversation-{number}", $"dl-token-{Guid.NewGuid():N}", userId, userName, asGroupChat);
        _byToken[conversation.Token] = conversation;
        _byId[conversation.Id] = conversation;
        return conversation.Token;
    }

    /// <summary>The Web Chat page for that token.</summary>
    public Uri PageFor(string token, string userId, string userName) =>
        new(BaseUrl, $"?token={Uri.EscapeDataString(token)}&user={Uri.EscapeDataString(userId)}&name={Uri.EscapeDataString(userName)}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private DirectLineConversation? Authorized(HttpContext context, string? conversationId = null)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : string.Empty;
        return _byToken.TryGetValue(token, out var conversation) && (conversationId is null || conversation.Id == conversationId) ? conversation : null;
    }

    private async Task<IResult> StartConversationAsync(HttpContext context)
    {
        if (Authorized(context) is not { } conversation)
        {
            return Results.Unauthorized();
        }

        if (conversation.Start())
        {
            // As Direct Line does when a conversation starts: the bot hears that the person joined.
            var joined = conversation.Stamp(new JObject
            {
                ["type"] = "conversationUpdate",
                ["from"] = conversation.UserAccount(),
                ["membersAdded"] = new JArray(conversation.UserAccount()),
            }, BaseUrl);
            var failed = await ForwardAsync(joined, context.RequestAborted);
            if (failed is not null)
            {
                return failed;
            }
        }

        return Results.Json(new { conversationId = conversation.Id, token = conversation.Token, expires_in = 3600 }, statusCode: StatusCodes.Status201Created);
    }

    private IResult Resume(HttpContext context, string conversationId) =>
        Authorized(context, conversationId) is { } conversation
            ? Results.Json(new { conversationId = conversation.Id, token = conversation.Token, expires_in = 3600 })
            : Results.Unauthorized();

    private IResult Read(HttpContext context, string conversationId, string? watermark)
    {
        if (Authorized(context, conversationId) is not { } conversation)
        {
            return Results.Unauthorized();
        }

        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var seen) ? seen : 0;
        var (activities, next) = conversation.After(from);
        return Text(new JObject { ["activities"] = new JArray(activities), ["watermark"] = next.ToString(CultureInfo.InvariantCulture) });
    }

    private async Task<IResult> FromUserAsync(HttpContext context, string conversationId)
    {
        if (Authorized(context, conversationId) is not { } conversation)
        {
            return Results.Unauthorized();
        }

        var activity = conversation.Stamp(await ReadActivityAsync(context), BaseUrl);
        conversation.Append(activity);
        return await ForwardAsync(activity, context.RequestAborted) ?? Results.Json(new { id = (string)activity["id"]! });
    }

    /// <summary>The bot's send or reply (Bot Connector API): shown to Web Chat at the next poll.</summary>
    private async Task<IResult> FromBotAsync(HttpContext context, string conversationId)
    {
        if (!_byId.TryGetValue(conversationId, out var conversation))
        {
            return Results.NotFound();
        }

        var activity = await ReadActivityAsync(context);
        var id = conversation.NextId();
        activity["id"] = id;
        activity["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        activity["conversation"] = new JObject { ["id"] = conversation.Id };
        conversation.Append(activity);
        return Results.Json(new { id });
    }

    /// <summary>The bot's UpdateActivity: the new version keeps the id and the place in the transcript.</summary>
    private async Task<IResult> UpdateFromBotAsync(HttpContext context, string conversationId, string activityId)
    {
        if (!_byId.TryGetValue(conversationId, out var conversation))
        {
            return Results.NotFound();
        }

        var activity = await ReadActivityAsync(context);
        return conversation.Update(activityId, activity) ? Results.Json(new { id = activityId }) : Results.NotFound();
    }

    /// <summary>Posts to the bot as the Direct Line channel does; a bot that fails gets the client a 502, as the service answers.</summary>
    private async Task<IResult?> ForwardAsync(JObject activity, CancellationToken cancellationToken)
    {
        using var content = new StringContent(activity.ToString(Formatting.None), Encoding.UTF8, "application/json");
        using var response = await _bot.PostAsync(new Uri("/api/messages", UriKind.Relative), content, cancellationToken);
        return response.IsSuccessStatusCode ? null : Results.StatusCode(StatusCodes.Status502BadGateway);
    }

    private static async Task<JObject> ReadActivityAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return JsonConvert.DeserializeObject<JObject>(await reader.ReadToEndAsync(), Json) ?? [];
    }

    private static IResult Text(JObject body) => Results.Content(body.ToString(Formatting.None), "application/json");
}

/// <summary>One Direct Line conversation: everything said in it, in order; a watermark is a position in that log.</summary>
internal sealed class DirectLineConversation(string id, string token, string userId, string userName, bool asGroupChat)
{
    private readonly Lock _gate = new();
    private readonly List<JObject> _log = [];
    private int _nextId;
    private bool _started;

    public string Id => id;

    public string Token => token;

    public int Updates { get; private set; }

    public JObject UserAccount() => new() { ["id"] = userId, ["name"] = userName, ["role"] = "user" };

    /// <returns>True the first time: the conversation is new.</returns>
    public bool Start()
    {
        lock (_gate)
        {
            var first = !_started;
            _started = true;
            return first;
        }
    }

    public string NextId() => $"{id}|{Interlocked.Increment(ref _nextId):D7}";

    /// <summary>What the service fills in on an activity from the client, before the bot sees it.</summary>
    public JObject Stamp(JObject activity, Uri serviceUrl)
    {
        activity["id"] = NextId();
        activity["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        activity["channelId"] = "webchat";
        activity["serviceUrl"] = serviceUrl.ToString();
        activity["from"] = UserAccount();
        activity["recipient"] = new JObject { ["id"] = "attunementbot", ["name"] = "AttunementBot", ["role"] = "bot" };
        activity["conversation"] = asGroupChat
            ? new JObject { ["id"] = id, ["isGroup"] = true, ["conversationType"] = "groupChat" }
            : new JObject { ["id"] = id };
        return activity;
    }

    public void Append(JObject activity)
    {
        lock (_gate)
        {
            _log.Add(activity);
        }
    }

    /// <returns>False when no activity has that id.</returns>
    public bool Update(string activityId, JObject activity)
    {
        lock (_gate)
        {
            var earlier = _log.LastOrDefault(a => (string?)a["id"] == activityId);
            if (earlier is null)
            {
                return false;
            }

            activity["id"] = activityId;
            activity["timestamp"] = earlier["timestamp"];
            activity["conversation"] = earlier["conversation"];
            _log.Add(activity);
            Updates++;
            return true;
        }
    }

    public (IReadOnlyList<JObject> Activities, int Watermark) After(int watermark)
    {
        lock (_gate)
        {
            var from = Math.Clamp(watermark, 0, _log.Count);
            return ([.. _log.Skip(from)], _log.Count);
        }
    }
}
