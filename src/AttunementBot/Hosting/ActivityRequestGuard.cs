using System.Text.Json;
using AttunementBot.Bot;
using Microsoft.Extensions.Options;

namespace AttunementBot.Hosting;

/// <summary>
/// Looks at a request to /api/messages before the Bot Framework does, so that what cannot be an
/// activity gets a clear 4xx and never reaches the bot, its state or its logs: the wrong content
/// type, a body too large, JSON that does not parse or is not valid Unicode, an unknown activity
/// type, an activity without the fields every channel sends, or a service URL the bot must not call.
/// </summary>
public sealed class ActivityRequestGuard(IOptions<SecurityOptions> options, IOptions<BotIdentityOptions> identity)
{
    /// <summary>Longer ids and addresses than any channel sends are someone testing the bot's limits.</summary>
    private const int MaxIdLength = 1024;
    private const int MaxServiceUrlLength = 2048;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "message", "conversationUpdate", "contactRelationUpdate", "typing", "endOfConversation", "event", "invoke",
        "deleteUserData", "messageUpdate", "messageDelete", "installationUpdate", "messageReaction", "suggestion",
        "trace", "handoff", "command", "commandResult",
    };

    /// <returns>A problem response, or null when the request may go on to the adapter.</returns>
    public async Task<IResult?> CheckAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Send the activity as JSON, with Content-Type: application/json.");
        }

        var limit = options.Value.MaxActivityBytes;
        if (request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"An activity may be at most {limit} bytes.");
        }

        // Buffered so the adapter can read the same body after this look.
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit + 1);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
            if (request.Body.Position > limit)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, $"An activity may be at most {limit} bytes.");
            }

            if (!IsValidText(document.RootElement))
            {
                return Problem(StatusCodes.Status400BadRequest, "The activity holds text that is not valid Unicode.");
            }

            return (Missing(document.RootElement) ?? UntrustedServiceUrl(document.RootElement)) is { } problem ? Problem(StatusCodes.Status400BadRequest, problem) : null;
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON.");
        }
        catch (IOException)
        {
            // The buffer limit was passed while reading a body sent without a length.
            return Problem(StatusCodes.Status413PayloadTooLarge, $"An activity may be at most {limit} bytes.");
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static string? Missing(JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object)
        {
            return "The body must be one activity (a JSON object).";
        }

        if (Text(activity, "type") is not { } type)
        {
            return "The activity has no type.";
        }

        if (!KnownTypes.Contains(type))
        {
            return $"Activities of type '{type}' are not something this bot understands.";
        }

        if (Text(activity, "channelId") is null)
        {
            return "The activity has no channelId.";
        }

        if (!activity.TryGetProperty("conversation", out var conversation) || conversation.ValueKind != JsonValueKind.Object || Text(conversation, "id") is null)
        {
            return "The activity has no conversation.id.";
        }

        if (!activity.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object || Text(from, "id") is null)
        {
            return "The activity has no from.id.";
        }

        if (new[] { Text(activity, "id"), Text(activity, "channelId"), Text(conversation, "id"), Text(from, "id") }.Any(id => id?.Length > MaxIdLength))
        {
            return $"Ids in an activity may be at most {MaxIdLength} characters.";
        }

        if (Text(activity, "serviceUrl") is not { } serviceUrl)
        {
            return "The activity has no serviceUrl.";
        }

        if (serviceUrl.Length > MaxServiceUrlLength || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "The activity's serviceUrl is not an http or https address.";
        }

        return null;
    }

    /// <summary>
    /// Without authentication anyone can name any serviceUrl, and the bot would post there and keep it as the
    /// person's address: so only this machine and the hosts an operator lists are trusted. With authentication,
    /// the Bot Framework checks the token's serviceurl claim against the activity.
    /// </summary>
    private string? UntrustedServiceUrl(JsonElement activity)
    {
        if (!string.IsNullOrWhiteSpace(identity.Value.MicrosoftAppId))
        {
            return null;
        }

        var uri = new Uri(Text(activity, "serviceUrl")!);
        return uri.IsLoopback || options.Value.AllowedServiceUrlHosts.Any(host => HostMatches(uri.Host, host))
            ? null
            : "Without authentication this bot only answers service URLs on this machine or in Security:AllowedServiceUrlHosts.";
    }

    /// <summary>"example.com" is that host; "*.example.com" is any host below it.</summary>
    private static bool HostMatches(string host, string allowed) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every string and property name is valid UTF-8 and has no unpaired surrogate (which no channel sends).</summary>
    private static bool IsValidText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => IsValidUnicode(element.GetString),
        JsonValueKind.Object => element.EnumerateObject().All(p => IsValidUnicode(() => p.Name) && IsValidText(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(IsValidText),
        _ => true,
    };

    /// <param name="read">Reading the text throws when its UTF-8 is invalid; encoding it throws on an unpaired surrogate.</param>
    private static bool IsValidUnicode(Func<string?> read)
    {
        try
        {
            StrictUtf8.GetByteCount(read() ?? string.Empty);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
