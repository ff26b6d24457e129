using Microsoft.Extensions.Options;

namespace AttunementBot.Bot;

/// <summary>
/// The top-level keys that point the Bot Framework at a cloud of its own (a sovereign or private one), as Azure's
/// templates name them. Any one of them makes the SDK use all of them, and it reads a missing one as null only at
/// the first reply, as a NullReferenceException deep inside; so they are checked together at start-up.
/// </summary>
public sealed class BotCloudOptions
{
    public string? ToChannelFromBotLoginUrl { get; set; }

    public string? ToChannelFromBotOAuthScope { get; set; }

    public string? ToBotFromChannelTokenIssuer { get; set; }

    public string? ToBotFromChannelOpenIdMetadataUrl { get; set; }

    public string? OAuthUrl { get; set; }

    public string? ToBotFromEmulatorOpenIdMetadataUrl { get; set; }

    public string? CallerId { get; set; }
}

public sealed class BotCloudValidation : IValidateOptions<BotCloudOptions>
{
    public ValidateOptionsResult Validate(string? name, BotCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string Key, string? Value)[] needed =
        [
            (nameof(options.ToChannelFromBotLoginUrl), options.ToChannelFromBotLoginUrl),
            (nameof(options.ToChannelFromBotOAuthScope), options.ToChannelFromBotOAuthScope),
            (nameof(options.ToBotFromChannelTokenIssuer), options.ToBotFromChannelTokenIssuer),
            (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl),
            (nameof(options.OAuthUrl), options.OAuthUrl),
        ];
        var custom = needed.Any(n => !string.IsNullOrWhiteSpace(n.Value))
            || !string.IsNullOrWhiteSpace(options.ToBotFromEmulatorOpenIdMetadataUrl)
            || !string.IsNullOrWhiteSpace(options.CallerId);
        var missing = needed.Where(n => string.IsNullOrWhiteSpace(n.Value)).Select(n => n.Key).ToList();
        return !custom || missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Some of the Bot Framework cloud settings are set, so the bot would use a cloud of its own, but {string.Join(", ", missing)} "
                + (missing.Count == 1 ? "is" : "are") + " empty. Set all of ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope, ToBotFromChannelTokenIssuer, "
                + "ToBotFromChannelOpenIdMetadataUrl and OAuthUrl for that cloud, or none of them for the public Azure cloud.");
    }
}
