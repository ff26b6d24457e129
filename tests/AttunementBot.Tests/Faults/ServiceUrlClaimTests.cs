using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AttunementBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// With authentication on, a genuine, correctly signed channel token is accepted only for the service URL it names:
/// a token lifted from one activity cannot steer the bot's replies, or the person's stored address, anywhere else.
/// The Bot Framework fetches its signing keys only over HTTPS, from a client no test can reach into, so the keys
/// are served over HTTPS with a certificate the bot's process is told to trust (OpenSSL's SSL_CERT_FILE), and the
/// bot runs as a process of its own.
/// </summary>
public sealed class ServiceUrlClaimTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Issuer = "https://api.botframework.com";
    private const string ServiceUrl = "http://127.0.0.1:9/";

    private static readonly string[] Algorithms = ["RS256"];
    private static readonly string[] Endorsements = ["msteams"];

    private readonly RSA _signing = RSA.Create(2048);
    private readonly string _folder = Directory.CreateTempSubdirectory("attunementbot-serviceurl-").FullName;
    private WebApplication _keys = null!;
    private BotProcess _bot = null!;

    public async Task InitializeAsync()
    {
        using var tls = LoopbackCertificate();
        var trust = Path.Combine(_folder, "trust.pem");
        await File.WriteAllTextAsync(trust, tls.ExportCertificatePem());

        // The Bot Framework's OpenID metadata and signing keys, as login.botframework.com serves them.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(X509CertificateLoader.LoadPkcs12(tls.Export(X509ContentType.Pfx), null))));
        builder.Logging.ClearProviders();
        _keys = builder.Build();
        var parameters = _signing.ExportParameters(includePrivateParameters: false);
        _keys.MapGet("/openid", (HttpContext http) => Results.Json(new { issuer = Issuer, jwks_uri = $"https://{http.Request.Host}/keys", id_token_signing_alg_values_supported = Algorithms }));
        _keys.MapGet("/keys", () => Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent), endorsements = Endorsements },
            },
        }));
        await _keys.StartAsync();
        var keysAddress = _keys.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var environment = new Dictionary<string, string>
        {
            ["SSL_CERT_FILE"] = trust,
            ["SSL_CERT_DIR"] = Directory.CreateDirectory(Path.Combine(_folder, "no-other-roots")).FullName,
        };
        _bot = await BotProcess.StartAsync(
            Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName,
            environment,
            $"--MicrosoftAppId={AppId}",
            "--MicrosoftAppPassword=not-used-for-incoming",
            $"--ToBotFromChannelOpenIdMetadataUrl={keysAddress}/openid",
            $"--ToBotFromChannelTokenIssuer={Issuer}",
            "--ToChannelFromBotLoginUrl=https://login.microsoftonline.com/botframework.com",
            "--ToChannelFromBotOAuthScope=https://api.botframework.com",
            "--OAuthUrl=https://api.botframework.com",
            "--ValidateAuthority=true");
    }

    public async Task DisposeAsync()
    {
        _bot?.Dispose();
        await _keys.DisposeAsync();
    }

    public void Dispose()
    {
        _signing.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_genuine_token_for_this_service_url_is_answered_and_the_address_kept()
    {
        using var response = await PostAsync(Activity("u-genuine", ServiceUrl), Token(ServiceUrl));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {_bot.Output}");
        var replies = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("activities");
        Assert.Contains(replies.EnumerateArray(), reply => reply.GetProperty("type").GetString() == "message");
        Assert.Equal(1, await PeopleNamedAsync("u-genuine"));
    }

    [Fact]
    public async Task A_genuine_token_for_another_service_url_is_refused_and_nothing_kept()
    {
        // Signed by the channel's key, in time, for this bot: only the service URL differs from the activity's.
        using var response = await PostAsync(Activity("u-redirected", ServiceUrl), Token("https://smba.trafficmanager.net/emea/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await PeopleNamedAsync("u-redirected"));
    }

    private static string Activity(string userId, string serviceUrl) =>
        $$"""{"type":"message","id":"{{Guid.NewGuid():N}}","channelId":"msteams","serviceUrl":"{{serviceUrl}}","text":"hi","from":{"id":"{{userId}}"},"recipient":{"id":"b"},"conversation":{"id":"c-{{userId}}","conversationType":"personal"},"deliveryMode":"expectReplies"}""";

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private string Token(string serviceUrl)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signing) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string token)
    {
        using var http = new HttpClient { BaseAddress = _bot.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<long> PeopleNamedAsync(string userId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "data", "attunementbot.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM person WHERE user_id = $user";
        command.Parameters.AddWithValue("$user", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
