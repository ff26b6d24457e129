namespace AttunementBot.Bot;

public enum BotCommandKind
{
    None,
    Greeting,
    Help,
    Thanks,
}

/// <summary>
/// Recognises the few things the bot itself answers outside any feature: a greeting, help and thanks.
/// Everything else ("reflect", "share", "schedules", …) belongs to a feature's own phrase book.
/// </summary>
public static class BotCommand
{
    private static readonly Dictionary<string, BotCommandKind> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hi"] = BotCommandKind.Greeting,
        ["hello"] = BotCommandKind.Greeting,
        ["hey"] = BotCommandKind.Greeting,
        ["hiya"] = BotCommandKind.Greeting,
        ["hi there"] = BotCommandKind.Greeting,
        ["hello again"] = BotCommandKind.Greeting,
        ["good morning"] = BotCommandKind.Greeting,
        ["good afternoon"] = BotCommandKind.Greeting,
        ["good evening"] = BotCommandKind.Greeting,
        ["help"] = BotCommandKind.Help,
        ["?"] = BotCommandKind.Help,
        ["thanks"] = BotCommandKind.Thanks,
        ["thank you"] = BotCommandKind.Thanks,
        ["thanks a lot"] = BotCommandKind.Thanks,
        ["thank you so much"] = BotCommandKind.Thanks,
        ["cheers"] = BotCommandKind.Thanks,
        ["ty"] = BotCommandKind.Thanks,
    };

    public static BotCommandKind Parse(string? text)
    {
        var typed = (text ?? string.Empty).Trim();
        if (typed.Length == 0)
        {
            return BotCommandKind.Greeting;
        }

        // "help!", "hi." and "hello?" are the same words; a lone "?" stays a question mark.
        var word = typed.Length > 1 ? string.Join(' ', typed.TrimEnd('.', '!', '?').Split(' ', StringSplitOptions.RemoveEmptyEntries)) : typed;
        return Words.TryGetValue(word, out var kind) ? kind : BotCommandKind.None;
    }
}
