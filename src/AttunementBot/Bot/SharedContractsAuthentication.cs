using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Serialization;

namespace AttunementBot.Bot;

/// <summary>
/// Bot Builder makes a new Bot Connector client for every turn and every proactive send, each with
/// its own Json.NET contract resolver, so every send rebuilds the serialisation contracts of the
/// activity types by reflection (the fan-out benchmark measured 13–20 ms of CPU per send). Here the
/// clients share one resolver per direction, so contracts are built once per process. Everything
/// else is the wrapped authentication's.
/// </summary>
public sealed class SharedContractsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new SharedContractsConnectorFactory(inner.CreateConnectorFactory(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    private sealed class SharedContractsConnectorFactory(ConnectorFactory factory) : ConnectorFactory
    {
        private static IContractResolver? _serialize;
        private static IContractResolver? _deserialize;

        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            var client = await factory.CreateAsync(serviceUrl, audience, cancellationToken);

            // The first client's resolvers (whatever type Bot Builder chose) become everyone's.
            client.SerializationSettings.ContractResolver =
                Interlocked.CompareExchange(ref _serialize, client.SerializationSettings.ContractResolver, null) ?? client.SerializationSettings.ContractResolver;
            client.DeserializationSettings.ContractResolver =
                Interlocked.CompareExchange(ref _deserialize, client.DeserializationSettings.ContractResolver, null) ?? client.DeserializationSettings.ContractResolver;
            return client;
        }
    }
}
