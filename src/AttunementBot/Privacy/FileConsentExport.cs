using System.Net.Http.Headers;
using AttunementBot.Bot;
using AttunementBot.Common;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Privacy;

/// <summary>
/// Teams' answer to an export's file-consent card (<c>fileConsent/invoke</c>). On "Allow" the file
/// is made again from the person's data, put to the OneDrive upload URL Teams gave, and shown as a
/// file card; on "Decline" nothing is sent.
/// </summary>
public sealed partial class FileConsentExport(
    PersonalDataExporter exporter,
    PrivacyText text,
    IHttpClientFactory http,
    ILogger<FileConsentExport> logger) : IInvokeFeature
{
    public const string InvokeName = "fileConsent/invoke";

    public async Task<InvokeResponse?> TryHandleAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name != InvokeName)
        {
            return null;
        }

        var response = activity.Value is JObject value ? value.ToObject<FileConsentCardResponse>() : null;
        if (response?.Action == "decline")
        {
            await SayAsync(turnContext, text["export.declined"], cancellationToken);
            return Ok();
        }

        var which = (response?.Context as JObject)?["file"]?.ToString();
        if (response is not { Action: "accept", UploadInfo: { } upload } || which is not (ExportDelivery.DocumentFile or ExportDelivery.JsonFile) || !IsUploadTarget(upload.UploadUrl))
        {
            return new InvokeResponse { Status = 400 };
        }

        var files = await exporter.ExportAsync(activity.PersonKey(), cancellationToken);
        var file = which == ExportDelivery.DocumentFile ? files.Document : files.Json;
        if (!await UploadAsync(new Uri(upload.UploadUrl), file.Bytes, cancellationToken))
        {
            await SayAsync(turnContext, text["export.uploadFailed"], cancellationToken);
            return Ok();
        }

        var card = MessageFactory.Text(text["export.uploaded"]);
        card.Attachments =
        [
            new Attachment
            {
                ContentType = FileInfoCard.ContentType,
                ContentUrl = upload.ContentUrl,
                Name = upload.Name,
                Content = new FileInfoCard { UniqueId = upload.UniqueId, FileType = upload.FileType },
            },
        ];
        await turnContext.SendActivityAsync(card, cancellationToken);
        return Ok();
    }

    /// <summary>
    /// Clinical data goes only over HTTPS (OneDrive's upload URLs are), or to this machine for local testing.
    /// </summary>
    private static bool IsUploadTarget(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>One PUT of the whole file, as an upload session takes it (Content-Range covers every byte).</summary>
    private async Task<bool> UploadAsync(Uri uploadUrl, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentLength = bytes.Length;
        content.Headers.ContentRange = new ContentRangeHeaderValue(0, bytes.Length - 1, bytes.Length);
        try
        {
            using var client = http.CreateClient(nameof(FileConsentExport));
            using var result = await client.PutAsync(uploadUrl, content, cancellationToken);
            if (result.IsSuccessStatusCode)
            {
                return true;
            }

            LogUploadRefused(logger, (int)result.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            LogUploadRefused(logger, (int?)ex.StatusCode ?? 0);
        }

        return false;
    }

    private static async Task SayAsync(ITurnContext turn, string words, CancellationToken cancellationToken) =>
        await turn.SendActivityAsync(MessageFactory.Text(words), cancellationToken);

    private static InvokeResponse Ok() => new() { Status = 200 };

    [LoggerMessage(Level = LogLevel.Warning, Message = "An export upload was refused with status {Status}")]
    private static partial void LogUploadRefused(ILogger logger, int status);
}
