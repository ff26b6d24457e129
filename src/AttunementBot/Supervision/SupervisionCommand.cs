namespace AttunementBot.Supervision;

/// <summary>A typed supervision command: which one, and the words after it ("join group Tuesday peers" → join, "Tuesday peers").</summary>
public sealed record SupervisionCommand(string Name, string Argument)
{
    /// <summary>
    /// Matches the longest command phrase at the start of the text, on whole words, so "share"
    /// does not claim "shared feelings today" and "join" does not claim "joined".
    /// </summary>
    public static SupervisionCommand? Parse(string? text, SupervisionText words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var original = (text ?? string.Empty).Trim().TrimEnd('.', '!', '?').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var typed = string.Join(' ', original).ToLowerInvariant();
        if (typed.Length == 0)
        {
            return null;
        }

        // The argument keeps the person's own casing: it may be a group's name.
        return words.CommandNames
            .SelectMany(name => words.Words(name).Select(phrase => (name, phrase)))
            .Where(c => typed == c.phrase || typed.StartsWith(c.phrase + " ", StringComparison.Ordinal))
            .OrderByDescending(c => c.phrase.Length)
            .Select(c => new SupervisionCommand(c.name, string.Join(' ', original.Skip(c.phrase.Split(' ').Length)).Trim('"', '\'', ' ')))
            .FirstOrDefault();
    }
}
