using AttunementBot.Audit;
using AttunementBot.Bot;
using AttunementBot.Cards;
using AttunementBot.Chat;
using AttunementBot.History;
using AttunementBot.Hosting;
using AttunementBot.People;
using AttunementBot.Privacy;
using AttunementBot.Reflection;
using AttunementBot.Repair;
using AttunementBot.Supervision;
using AttunementBot.Scheduling;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using AttunementBot.Trends;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var chatMode = args.Length > 0 && string.Equals(args[0], "chat", StringComparison.OrdinalIgnoreCase);
var auditMode = args.Length > 0 && string.Equals(args[0], AuditCommand.Mode, StringComparison.OrdinalIgnoreCase);
var copyMode = args.Length > 0 && string.Equals(args[0], CopyToPostgresCommand.Mode, StringComparison.OrdinalIgnoreCase);
var localMode = chatMode || auditMode || copyMode;

// The one appsettings.json lives at the repo root and is copied beside the binaries.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = localMode ? args[1..] : args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddBotStorage(builder.Configuration);
builder.Services.AddReflectionHistory();
builder.Services.AddAtRestProtection(builder.Configuration);
builder.Services.AddPeople(builder.Configuration);
builder.Services.AddSupervision();
builder.Services.AddBotRuntime(builder.Configuration, requireCallerAuthentication: !localMode);
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddPrivacy(builder.Configuration);
builder.Services.AddHistory();
builder.Services.AddAudit(builder.Configuration);
builder.Services.AddTrends();
builder.Services.AddSingleton(_ => new CardLibrary(Path.Combine(AppContext.BaseDirectory, "cards")));
builder.Services.AddRepairLanguage();
builder.Services.AddReflectionFlow();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("storage", tags: ["ready"]);
builder.Services.AddTerminalChat(builder.Configuration);
builder.Services.AddSingleton<ActivityRequestGuard>();
builder.Services.AddSingleton<MessagesEndpoint>();
builder.Services.AddProblemDetails();
if (localMode)
{
    // The terminal is for the person typing: only warnings, and on stderr, out of the conversation.
    builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning"), new("Logging:LogLevel:AttunementBot", "Warning")]);
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

var app = builder.Build();

// Whatever fails outside a turn answers with a plain problem, never a stack trace, in every environment.
app.UseExceptionHandler();

if (chatMode)
{
    await app.Services.GetRequiredService<TerminalChat>().RunAsync(Console.In, Console.Out, CancellationToken.None);
    return;
}

if (copyMode)
{
    Environment.ExitCode = await app.Services.GetRequiredService<CopyToPostgresCommand>().RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
    return;
}

if (auditMode)
{
    Environment.ExitCode = await app.Services.GetRequiredService<AuditCommand>().RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
    return;
}

app.MapPost("/api/messages", (HttpContext http, MessagesEndpoint endpoint, CancellationToken cancellationToken) => endpoint.HandleAsync(http, cancellationToken));
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessResponse.WriteAsync });

await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
