using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace AttunementBot.Bot;

/// <summary>
/// Bot Builder makes a new Bot Connector client and a new user-token client for every turn and every proactive
/// send, each with its own HTTP plumbing and Json.NET contract resolver (rebuilt by reflection on every send).
/// Here one of each is built per app, service URL and audience, and reused: the turn disposes its clients when it
/// ends, so the turn gets a wrapper whose Dispose leaves the shared client alone. Everything else is the wrapped
/// authentication's.
/// </summary>
public sealed class ReusedClientsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    /// <summary>More distinct service URLs than any deployment has: past it, clients are built per use again.</summary>
    private const int MaxCached = 256;

    private readonly ConcurrentDictionary<(string App, string ServiceUrl, string? Audience), Lazy<Task<IConnectorClient>>> _connectors = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<UserTokenClient>>> _tokenClients = new(StringComparer.Ordinal);

    /// <summary>
    /// The inbound turn's connector factory comes from here, not from <see cref="CreateConnectorFactory"/>: without
    /// the wrapper every inbound turn builds a Bot Connector client (regexes, reflection over assembly versions,
    /// HTTP plumbing) even when it replies in the HTTP response.
    /// </summary>
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        if (result.ConnectorFactory is { } factory)
        {
            result.ConnectorFactory = new ReusingConnectorFactory(this, AppOf(result.ClaimsIdentity), factory);
        }

        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingConnectorFactory(this, AppOf(claimsIdentity), inner.CreateConnectorFactory(claimsIdentity));

    public override async Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var app = AppOf(claimsIdentity);
        if (_tokenClients.Count >= MaxCached && !_tokenClients.ContainsKey(app))
        {
            return await inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);
        }

        var shared = _tokenClients.GetOrAdd(app, _ => new Lazy<Task<UserTokenClient>>(() => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None)));
        return new KeptUserTokenClient(await shared.Value);
    }

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    /// <summary>Which app's credentials a client carries: the same app id shares clients.</summary>
    private static string AppOf(ClaimsIdentity claimsIdentity) =>
        string.Join('|', (claimsIdentity?.Claims ?? [])
            .Where(c => c.Type is AuthenticationConstants.AudienceClaim or AuthenticationConstants.AppIdClaim or AuthenticationConstants.AuthorizedParty)
            .Select(c => $"{c.Type}={c.Value}")
            .Order(StringComparer.Ordinal));

    private async Task<IConnectorClient> ConnectorAsync(string app, ConnectorFactory factory, string serviceUrl, string? audience, CancellationToken cancellationToken)
    {
        var key = (app, serviceUrl, audience);
        if (_connectors.Count >= MaxCached && !_connectors.ContainsKey(key))
        {
            return await factory.CreateAsync(serviceUrl, audience, cancellationToken);
        }

        var shared = _connectors.GetOrAdd(key, _ => new Lazy<Task<IConnectorClient>>(() => factory.CreateAsync(serviceUrl, audience, CancellationToken.None)));
        try
        {
            return new KeptConnectorClient(await shared.Value);
        }
        catch
        {
            // A failed build is not kept: the next turn tries again.
            _connectors.TryRemove(new KeyValuePair<(string, string, string?), Lazy<Task<IConnectorClient>>>(key, shared));
            throw;
        }
    }

    private sealed class ReusingConnectorFactory(ReusedClientsAuthentication owner, string app, ConnectorFactory factory) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.ConnectorAsync(app, factory, serviceUrl, audience, cancellationToken);
    }

    /// <summary>The shared connector client, lent to one turn: the turn's Dispose does not end it.</summary>
    private sealed class KeptConnectorClient(IConnectorClient client) : IConnectorClient
    {
        public Uri BaseUri
        {
            get => client.BaseUri;
            set => client.BaseUri = value;
        }

        public JsonSerializerSettings SerializationSettings => client.SerializationSettings;

        public JsonSerializerSettings DeserializationSettings => client.DeserializationSettings;

        public ServiceClientCredentials Credentials => client.Credentials;

        public IAttachments Attachments => client.Attachments;

        public IConversations Conversations => client.Conversations;

        public void Dispose()
        {
            // Shared: lives as long as the app.
        }
    }

    /// <summary>The shared user-token client, lent to one turn: the turn's Dispose does not end it.</summary>
    private sealed class KeptUserTokenClient(UserTokenClient client) : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            client.GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            client.GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            client.SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            client.GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            client.GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            client.ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            // The shared client itself lives as long as the app.
            base.Dispose(disposing);
        }
    }
}
