namespace AttunementBot.Bot;

public enum BotCommandKind
{
    None,
    Greeting,
    Help,
}

/// <summary>
/// Recognises the few things the bot itself answers outside any feature: a greeting and help.
/// Everything else ("reflect", "share", "schedules", …) belongs to a feature's own phrase book.
/// </summary>
public static class BotCommand
{
    private static readonly Dictionary<string, BotCommandKind> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hi"] = BotCommandKind.Greeting,
        ["hello"] = BotCommandKind.Greeting,
        ["hey"] = BotCommandKind.Greeting,
        ["help"] = BotCommandKind.Help,
        ["?"] = BotCommandKind.Help,
    };

    public static BotCommandKind Parse(string? text)
    {
        var typed = (text ?? string.Empty).Trim();
        if (typed.Length == 0)
        {
            return BotCommandKind.Greeting;
        }

        // "help!", "hi." and "hello?" are the same words; a lone "?" stays a question mark.
        var word = typed.Length > 1 ? typed.TrimEnd('.', '!', '?').Trim() : typed;
        return Words.TryGetValue(word, out var kind) ? kind : BotCommandKind.None;
    }
}
