using Microsoft.Extensions.Options;

namespace AttunementBot.Bot;

/// <summary>The "Security" section of appsettings.json.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>
    /// Lets the bot run in Production without a MicrosoftAppId (no caller authentication).
    /// Only for a deployment that is reachable solely through a trusted proxy.
    /// </summary>
    public bool AllowAnonymousInProduction { get; set; }

    /// <summary>The largest request /api/messages accepts. Teams activities are far smaller; this stops abuse.</summary>
    [System.ComponentModel.DataAnnotations.Range(16 * 1024, 16 * 1024 * 1024, ErrorMessage = "Security:MaxActivityBytes must be between 16384 and 16777216; 262144 (256 KB) is a good default.")]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Without a MicrosoftAppId, the service URL hosts (besides this machine) the bot may post to, e.g.
    /// "smba.trafficmanager.net" or "*.example.org". Ignored with authentication, where the token vouches for it.
    /// </summary>
    public string[] AllowedServiceUrlHosts { get; set; } = [];
}

/// <summary>The Bot Framework identity, read from the top-level keys Azure's templates use.</summary>
public sealed class BotIdentityOptions
{
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppTenantId { get; set; }
}

/// <summary>
/// With no MicrosoftAppId the Bot Framework accepts any caller: right on a laptop with the
/// Emulator, dangerous on a server, where anyone could post as any clinician.
/// </summary>
public sealed class BotIdentityValidation(IHostEnvironment environment, IOptions<SecurityOptions> security) : IValidateOptions<BotIdentityOptions>
{
    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    public ValidateOptionsResult Validate(string? name, BotIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var anonymous = string.IsNullOrWhiteSpace(options.MicrosoftAppId);
        if (anonymous && environment.IsProduction() && !security.Value.AllowAnonymousInProduction)
        {
            failures.Add(
                "MicrosoftAppId is empty, so the bot would accept messages from anyone without authentication. " +
                "In Production, set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType (see README, 'Register the bot in Azure'). " +
                "If the bot is only reachable through a trusted proxy and you accept the risk, set Security:AllowAnonymousInProduction to true.");
        }

        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppType) && !AppTypes.Contains(options.MicrosoftAppType, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppType is '{options.MicrosoftAppType}'; use one of {string.Join(", ", AppTypes)}.");
        }

        if (!anonymous && string.Equals(options.MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add("MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is empty; set it to your Azure AD tenant id.");
        }

        if (!anonymous && !string.Equals(options.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add("MicrosoftAppId is set but MicrosoftAppPassword is empty; set the client secret from the bot's Azure app registration.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
