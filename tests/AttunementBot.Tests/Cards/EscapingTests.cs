using System.Net;
using System.Text.Json.Nodes;
using AttunementBot.Cards;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Tests.Cards;

/// <summary>
/// Whatever someone types shows as the characters they typed, in every channel: never a link, a
/// mention, formatting, HTML or a template expression.
/// </summary>
public sealed class EscapingTests
{
    private static readonly string[] Typed =
    [
        "[click](http://x.example/steal)",
        "see http://x.example/a and www.example.org or x.example.com",
        "<b>bold</b> <script>alert(1)</script> &amp;",
        "${title} and ${$root.body}",
        "**bold** _italic_ ~strike~ `code`",
        "<http://x.example|press here>",
        "<!channel> <!here> <@U123>",
        "# heading\n- item\n1. first\n> quote",
    ];

    public static TheoryData<string> Hostile() => new(Typed);

    private static JsonObject NoticeWith(string typed) =>
        CardLibrary.Default.Render(NoticeCard.Template, new NoticeCard(typed, typed, [new NoticeFact(typed, typed)]));

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Template_expressions_in_data_stay_text_when_bound(string typed)
    {
        var card = NoticeWith(typed);

        Assert.Equal(typed, card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(typed, card["body"]![2]!["facts"]![0]!["value"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(HostileInCardChannels))]
    public void Adaptive_card_text_is_escaped_markdown_that_shows_what_was_typed(string channelId, string typed)
    {
        var content = ChannelRenderer.ReadCard(ChannelRenderer.ToActivity(NoticeWith(typed), channelId).Attachments[0])!;
        var shown = new[] { content["body"]![0]!["text"]!, content["body"]![1]!["text"]!, content["body"]![2]!["facts"]![0]!["title"]!, content["body"]![2]!["facts"]![0]!["value"]! }
            .Select(t => t.Value<string>()!).ToList();

        foreach (var text in shown)
        {
            Assert.True(AllMarkdownIsEscaped(text), $"Unescaped markdown in: {text}");
            Assert.DoesNotContain("://", text, StringComparison.Ordinal);
            Assert.Equal(typed, ShownText.Of(text));
        }

        Assert.DoesNotContain("://", content["fallbackText"]!.Value<string>(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileInCardChannels()
    {
        var data = new TheoryData<string, string>();
        foreach (var channelId in new[] { "msteams", "webchat", "emulator" })
        {
            foreach (var typed in Typed)
            {
                data.Add(channelId, typed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Slack_blocks_are_plain_text_with_no_control_sequences(string typed)
    {
        var activity = ChannelRenderer.ToActivity(NoticeWith(typed), "slack");
        var channelData = (JObject)activity.ChannelData;

        Assert.False(channelData["mrkdwn"]!.Value<bool>());
        var texts = channelData["blocks"]!.SelectTokens("$..text").Where(t => t.Type == JTokenType.Object).Cast<JObject>().ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.Equal("plain_text", t["type"]!.Value<string>()));
        foreach (var text in texts.Select(t => t["text"]!.Value<string>()!).Append(activity.Text))
        {
            Assert.DoesNotContain("<", text, StringComparison.Ordinal);
            Assert.DoesNotContain(">", text, StringComparison.Ordinal);
            Assert.DoesNotContain("://", text, StringComparison.Ordinal);
        }

        Assert.Contains(typed.Split('\n')[0], SlackShown(activity.Text), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void The_terminal_shows_exactly_what_was_typed(string typed)
    {
        var text = ChannelRenderer.ToActivity(NoticeWith(typed), "terminal").Text;

        Assert.Contains(typed, text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_terminal_never_receives_control_sequences()
    {
        const string typed = "calm\u001b[2J\u001b]0;owned\u0007 words";

        var card = ChannelRenderer.ToActivity(NoticeWith(typed), "terminal").Text;
        var message = MessageFactory.Text(typed);
        ChannelRenderer.PrepareText(message, "terminal");

        Assert.DoesNotContain('\u001b', card);
        Assert.DoesNotContain('\u001b', message.Text);
        Assert.Contains("calm[2J]0;owned words", message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    [InlineData("slack")]
    [InlineData("terminal")]
    public void Messages_are_sent_as_plain_text_with_no_links(string channelId)
    {
        var message = MessageFactory.Text("I don't know \"[click](http://x.example)\" or <!channel>.");

        ChannelRenderer.PrepareText(message, channelId);

        Assert.Equal(TextFormatTypes.Plain, message.TextFormat);
        if (channelId != "terminal")
        {
            Assert.DoesNotContain("://", message.Text, StringComparison.Ordinal);
        }

        if (channelId == "slack")
        {
            Assert.DoesNotContain("<!channel>", message.Text, StringComparison.Ordinal);
            Assert.Contains("&lt;!channel&gt;", message.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_name_typed_into_a_command_comes_back_as_plain_text_through_the_host()
    {
        using var host = new BotHost();
        using var client = host.CreateBotClient();
        var sam = new Conversation(client);
        await sam.SayAsync("hi");

        var reply = Assert.Single(await sam.SayAsync("leave group [click](http://x.example) <b>now</b>"));

        Assert.Equal(TextFormatTypes.Plain, reply.TextFormat);
        Assert.DoesNotContain("://", reply.Text, StringComparison.Ordinal);
        Assert.Contains("[click](http:", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>Every markdown-significant character is preceded by a backslash (so none starts formatting or a link).</summary>
    private static bool AllMarkdownIsEscaped(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (text[i] is '*' or '_' or '[' or ']' or '`' or '~' or '<' or '>' or '&' or '|')
            {
                return false;
            }
        }

        return true;
    }

    private static string SlackShown(string text) =>
        WebUtility.HtmlDecode(text).Replace("\u2060", string.Empty, StringComparison.Ordinal);
}
