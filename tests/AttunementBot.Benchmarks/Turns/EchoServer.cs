using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>
/// The framework's own limit: a stock echo bot on the same stack as AttunementBot (ASP.NET Core, Kestrel,
/// <see cref="CloudAdapter"/> with configuration authentication, the same appsettings.json and logging), with no
/// middleware, state or storage: Bot Framework as its users get it. Run by this program in a process of its own:
/// <c>echo-server --urls URL</c>.
/// </summary>
public static class EchoServer
{
    public const string Mode = "echo-server";

    public static Task RunAsync(string[] args) => RunAsync<EchoBot>(args, _ => { });

    /// <summary>The stock host: <paramref name="services"/> adds what <typeparamref name="TBot"/> needs beyond the framework.</summary>
    public static async Task RunAsync<TBot>(string[] args, Action<IServiceCollection> services)
        where TBot : class, IBot
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            builder.Configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()));
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddTransient<IBot, TBot>();
        builder.Services.AddHealthChecks();
        services(builder.Services);

        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken cancellationToken) =>
            adapter.ProcessAsync(request, response, bot, cancellationToken));
        app.MapHealthChecks("/healthz");
        await app.RunAsync();
    }

    /// <summary>What the echo bot says back; the floor server says the same.</summary>
    public static IMessageActivity Reply(ITurnContext<IMessageActivity> turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return MessageFactory.Text("echo: " + turnContext.Activity.Text);
    }

    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(Reply(turnContext), cancellationToken);
    }
}
