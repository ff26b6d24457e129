using System.Text.Json;
using AttunementBot.Bot;
using Microsoft.Extensions.Options;

namespace AttunementBot.Hosting;

/// <summary>
/// Looks at a request to /api/messages before the Bot Framework does, so that what cannot be an
/// activity gets a clear 4xx and never reaches the bot, its state or its logs: the wrong content
/// type, a body too large, JSON that does not parse, an unknown activity type, or an activity
/// without the fields every channel sends.
/// </summary>
public sealed class ActivityRequestGuard(IOptions<SecurityOptions> options)
{
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

            return Missing(document.RootElement) is { } problem ? Problem(StatusCodes.Status400BadRequest, problem) : null;
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

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
