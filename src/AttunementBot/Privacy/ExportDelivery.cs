using AttunementBot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Privacy;

/// <summary>
/// Hands an export to the person in the form their channel can take: in Teams, a file-consent card
/// per file (uploaded once they allow it); in the terminal, files only their account can read; in
/// Web Chat and the Emulator, attachments carried in the message itself.
/// </summary>
public sealed class ExportDelivery(PrivacyText text, IOptions<StorageOptions> storage)
{
    /// <summary>What a consent card's context names, so the accepted file is made again from the data.</summary>
    public const string DocumentFile = "document";
    public const string JsonFile = "json";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public async Task DeliverAsync(ITurnContext turn, ExportFiles files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(files);
        var reply = turn.Activity.ChannelId?.ToLowerInvariant() switch
        {
            "msteams" => WithAttachments(text["export.teamsOffer"], [ConsentCard(files.Document, DocumentFile), ConsentCard(files.Json, JsonFile)]),
            Chat.TerminalChat.ChannelId => MessageFactory.Text(Written(files)),
            "slack" => MessageFactory.Text(text["export.notHere"]),
            _ => WithAttachments(text["export.offer"], [.. files.Both.Select(Inline)]),
        };
        await turn.SendActivityAsync(reply, cancellationToken);
    }

    private static Activity WithAttachments(string words, IList<Attachment> attachments)
    {
        var reply = MessageFactory.Text(words);
        reply.Attachments = attachments;
        return reply;
    }

    private static Attachment ConsentCard(ExportFile file, string which)
    {
        var context = new JObject { ["file"] = which };
        return new Attachment
        {
            ContentType = FileConsentCard.ContentType,
            Name = file.Name,
            Content = new FileConsentCard { Description = file.Description, SizeInBytes = file.Bytes.Length, AcceptContext = context, DeclineContext = context },
        };
    }

    private static Attachment Inline(ExportFile file) => new()
    {
        ContentType = file.ContentType,
        Name = file.Name,
        ContentUrl = $"data:{file.ContentType};charset=utf-8;base64,{Convert.ToBase64String(file.Bytes)}",
    };

    /// <summary>Writes both files beside the database, readable only by the bot's (here: the person's own) account.</summary>
    private string Written(ExportFiles files)
    {
        var folder = Path.Combine(storage.Value.ResolveDataFolder(), "exports");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
        }

        var paths = files.Both.Select(file => Write(folder, file)).ToArray();
        return text.Fill("export.written", ("document", paths[0]), ("json", paths[1]));
    }

    private static string Write(string folder, ExportFile file)
    {
        var path = Path.Combine(folder, file.Name);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(file.Bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            // An older file of the same name keeps its mode on overwrite; make sure it is the owner's alone.
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }

        return path;
    }
}
