using AttunementBot.Common;

namespace AttunementBot.Bot;

/// <summary>The bot's own phrases (welcome, help, apologies), kept as data in bot-text.json.</summary>
public sealed record BotText
{
    public required string WelcomeTitle { get; init; }

    public required string Welcome { get; init; }

    public required string WelcomeNext { get; init; }

    public required string StartButton { get; init; }

    public required string HelpButton { get; init; }

    public required string Help { get; init; }

    public required string Unknown { get; init; }

    public required string UnreadableSubmit { get; init; }

    public required string PrivateOnly { get; init; }

    public required string InGroup { get; init; }

    public required string TurnError { get; init; }

    public required string RepliesLost { get; init; }

    public required string Thanks { get; init; }

    public static BotText Load() => EmbeddedData.Load<BotText>("Bot/bot-text.json");
}
