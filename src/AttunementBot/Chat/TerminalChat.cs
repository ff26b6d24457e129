using AttunementBot.Bot;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Chat;

/// <summary>
/// A conversation with the bot in the terminal: the same adapter, middleware, bot and stored
/// state as the server, with activities handed to the adapter in-process instead of over HTTP.
/// The conversation id is stable, so a reflection left half-way is there the next time.
/// </summary>
public sealed class TerminalChat(AttunementAdapter adapter, IBot bot, TimeProvider clock)
{
    public const string ChannelId = "terminal";

    private static readonly string[] QuitWords = ["quit", "exit", "bye"];

    public async Task RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var user = new ChannelAccount($"terminal-{Environment.UserName}", Environment.UserName);
        var botAccount = new ChannelAccount("attunementbot", "AttunementBot");
        var conversation = new ConversationAccount(id: $"terminal-{Environment.UserName}", conversationType: "personal");

        await output.WriteLineAsync("(AttunementBot in your terminal. Type \"quit\" to leave.)");
        var joined = NewActivity(ActivityTypes.ConversationUpdate, user, botAccount, conversation);
        joined.MembersAdded = [user];
        await SendAsync(joined, output, cancellationToken);

        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            await output.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || QuitWords.Contains(line.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync("Take care. Your reflections are saved for next time.");
                return;
            }

            var message = NewActivity(ActivityTypes.Message, user, botAccount, conversation);
            message.Text = line;
            await SendAsync(message, output, cancellationToken);
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
        // Replies come back with the turn instead of through a Bot Connector service.
        DeliveryMode = DeliveryModes.ExpectReplies,
        Locale = "en-US",
    };

    private async Task SendAsync(Activity activity, TextWriter output, CancellationToken cancellationToken)
    {
        var response = await adapter.ProcessLocalActivityAsync(activity, bot.OnTurnAsync, cancellationToken);
        if (response?.Body is not ExpectedReplies { Activities: { } replies })
        {
            return;
        }

        foreach (var reply in replies.Where(r => r.Type == ActivityTypes.Message))
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(ReadableText(reply));
        }

        await output.WriteLineAsync();
    }

    private static string ReadableText(Activity reply) =>
        !string.IsNullOrWhiteSpace(reply.Text) ? reply.Text
        : reply.Attachments?.Select(a => (a.Content as JObject)?["fallbackText"]?.ToString()).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
          ?? string.Empty;
}
