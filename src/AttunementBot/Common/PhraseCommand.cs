namespace AttunementBot.Common;

/// <summary>A typed command from a feature's phrase book: which one, and the words after it ("join group Tuesday peers" → join, "Tuesday peers").</summary>
public sealed record PhraseCommand(string Name, string Argument)
{
    /// <summary>
    /// Matches the longest command phrase at the start of the text, on whole words, so "share"
    /// does not claim "shared feelings today" and "join" does not claim "joined".
    /// </summary>
    public static PhraseCommand? Parse(string? text, PhraseBook words)
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
            .Select(c => new PhraseCommand(c.name, string.Join(' ', original.Skip(c.phrase.Split(' ').Length)).Trim('"', '\'', ' ')))
            .FirstOrDefault();
    }
}
