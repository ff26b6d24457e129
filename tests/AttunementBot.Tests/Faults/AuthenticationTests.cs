using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AttunementBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// With an app id set, callers must prove they are the Bot Framework. A token that cannot be read is 401; when the
/// signing keys cannot be fetched the bot says 503 with Retry-After (a passing problem, warned about once a minute,
/// not an error per request).
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Issuer = "https://api.botframework.com";
    private const string ServiceUrl = "http://127.0.0.1:9/";
    private const string Activity = """{"type":"message","id":"1","channelId":"msteams","serviceUrl":"http://127.0.0.1:9/","text":"hi","from":{"id":"u1"},"recipient":{"id":"b"},"conversation":{"id":"c1"},"deliveryMode":"expectReplies"}""";

    private static readonly string[] Algorithms = ["RS256"];
    private static readonly string[] Endorsements = ["msteams"];

    private readonly RSA _key = RSA.Create(2048);
    private WebApplication _keys = null!;
    private string _metadataUrl = null!;

    public async Task InitializeAsync()
    {
        // The Bot Framework's OpenID metadata and signing keys, as login.botframework.com serves them.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _keys = builder.Build();
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        _keys.MapGet("/openid", (HttpContext http) => Results.Json(new { issuer = Issuer, jwks_uri = $"http://{http.Request.Host}/keys", id_token_signing_alg_values_supported = Algorithms }));
        _keys.MapGet("/keys", () => Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent), endorsements = Endorsements },
            },
        }));
        await _keys.StartAsync();
        _metadataUrl = _keys.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/openid";
    }

    public async Task DisposeAsync() => await _keys.DisposeAsync();

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData("Bearer garbage")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_token_that_cannot_be_read_is_401(string authorization)
    {
        using var host = Host(_metadataUrl);
        using var response = await PostAsync(host, Activity, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_out_of_reach_give_503_with_retry_after_and_one_warning()
    {
        using var host = Host("http://127.0.0.1:9/openid");
        var token = Token(ServiceUrl, DateTime.UtcNow);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(host, Activity, $"Bearer {token}");
            statuses.Add(response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.Single(host.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("out of reach", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    private static BotHost Host(string metadataUrl) => new(settings: new Dictionary<string, string?>
    {
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = "not-used-for-incoming",
        ["ToBotFromChannelOpenIdMetadataUrl"] = metadataUrl,
        ["ToBotFromChannelTokenIssuer"] = Issuer,
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = "https://api.botframework.com",
        ["ValidateAuthority"] = "true",
        ["Logging:LogLevel:AttunementBot.Hosting"] = "Debug",
    });

    private string Token(string serviceUrl, DateTime issuedAt)
    {
        var handler = new JsonWebTokenHandler();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddMinutes(-1),
            Expires = issuedAt.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpResponseMessage> PostAsync(BotHost host, string body, string authorization)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return await http.SendAsync(request);
    }
}
