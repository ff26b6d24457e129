using AttunementBot.Bot;
using AttunementBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace AttunementBot.Chat;

/// <summary>
/// A conversation with the bot in the terminal: the same adapter, middleware, bot and stored
/// state as the server, with activities handed to the adapter in-process instead of over HTTP.
/// The conversation id is stable, so a reflection left half-way is there the next time. The person is named as
/// configured ("you" by default), never by the OS user name, and times are the machine's own time zone.
/// </summary>
public sealed class TerminalChat(AttunementAdapter adapter, IBot bot, TimeProvider clock, IOptions<TerminalChatOptions> options)
{
    public const string ChannelId = "terminal";

    private static readonly string[] QuitWords = ["quit", "exit", "bye"];

    private string? lastShown;

    /// <param name="width">Columns to wrap to; the terminal's own width when not given.</param>
    public async Task RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var columns = width ?? TerminalWidth();
        var user = new ChannelAccount($"terminal-{Environment.UserName}", options.Value.DisplayName);
        var botAccount = new ChannelAccount("attunementbot", "AttunementBot");
        var conversation = new ConversationAccount(id: $"terminal-{Environment.UserName}", conversationType: "personal");

        await output.WriteLineAsync(TerminalText.Wrap("(AttunementBot in your terminal. Type \"quit\" to leave.)", columns));
        var joined = NewActivity(ActivityTypes.ConversationUpdate, user, botAccount, conversation);
        joined.MembersAdded = [user];
        await SendAsync(joined, output, columns, cancellationToken);

        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            await output.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || QuitWords.Contains(line.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync(TerminalText.Wrap("Take care. Your reflections are saved for next time.", columns));
                return;
            }

            var message = NewActivity(ActivityTypes.Message, user, botAccount, conversation);
            message.Text = line;
            await SendAsync(message, output, columns, cancellationToken);
        }
    }

    private Activity NewActivity(string type, ChannelAccount from, ChannelAccount recipient, ConversationAccount conversation) => new()
    {
        Type = type,
        Id = Guid.NewGuid().ToString("N"),
        ChannelId = ChannelId,
        ServiceUrl = "http://localhost/terminal",
        From = from,
        Recipient = recipient,
        Conversation = conversation,
        Timestamp = clock.GetUtcNow(),
        LocalTimestamp = clock.GetLocalNow(),
        LocalTimezone = LocalZone(clock.LocalTimeZone),
        // Replies come back with the turn instead of through a Bot Connector service.
        DeliveryMode = DeliveryModes.ExpectReplies,
        Locale = "en-US",
    };

    private async Task SendAsync(Activity activity, TextWriter output, int columns, CancellationToken cancellationToken)
    {
        var response = await adapter.ProcessLocalActivityAsync(activity, bot.OnTurnAsync, cancellationToken);
        if (response?.Body is not ExpectedReplies { Activities: { } replies })
        {
            return;
        }

        foreach (var reply in replies.Where(r => r.Type == ActivityTypes.Message))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(TerminalText.Wrap(Unshown(ReadableText(reply)), columns));
        }

        await output.WriteLineAsync();
    }

    /// <summary>
    /// The same step shown again right after itself (the next question of a step, a question back) prints only
    /// what changed: the menu of choices and commands is already on the screen.
    /// </summary>
    private string Unshown(string text)
    {
        var previous = lastShown;
        lastShown = text;
        var lines = text.Split('\n');
        var before = previous?.Split('\n');
        if (before is null || before.Length == 0 || lines[0] != before[0])
        {
            return text;
        }

        var changed = lines.Where(l => !before.Contains(l)).ToList();
        return changed.Count == 0 ? text : string.Join('\n', changed);
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 80 : Console.WindowWidth - 1;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    /// <summary>The IANA name of the machine's time zone, as Teams would send a person's.</summary>
    private static string? LocalZone(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana
        : null;

    private static string ReadableText(Activity reply) =>
        !string.IsNullOrWhiteSpace(reply.Text) ? reply.Text
        : reply.Attachments?.Select(a => ChannelRenderer.ReadCard(a)?["fallbackText"]?.ToString()).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
          ?? string.Empty;
}
