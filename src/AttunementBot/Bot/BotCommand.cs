namespace AttunementBot.Bot;

public enum BotCommandKind
{
    None,
    Greeting,
    Help,
    Reflect,
}

/// <summary>Recognises the bot's top-level commands in typed text.</summary>
public static class BotCommand
{
    private static readonly Dictionary<string, BotCommandKind> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hi"] = BotCommandKind.Greeting,
        ["hello"] = BotCommandKind.Greeting,
        ["hey"] = BotCommandKind.Greeting,
        ["help"] = BotCommandKind.Help,
        ["?"] = BotCommandKind.Help,
        ["reflect"] = BotCommandKind.Reflect,
        ["start"] = BotCommandKind.Reflect,
    };

    public static BotCommandKind Parse(string? text)
    {
        var word = Normalise(text);
        return word.Length == 0 ? BotCommandKind.Greeting
            : Words.TryGetValue(word, out var kind) ? kind : BotCommandKind.None;
    }

    /// <summary>Lower-cased, trimmed, without the trailing punctuation people type ("help!", "hi.").</summary>
    public static string Normalise(string? text) =>
        (text ?? string.Empty).Trim().TrimEnd('.', '!', '?', ' ').Trim() is { Length: > 0 } t ? t.ToLowerInvariant()
        : (text ?? string.Empty).Trim();
}
