using System.Globalization;
using AttunementBot.Storage;

namespace AttunementBot.History;

/// <summary>A reflection's place in the newest-first order of a clinician's history: where a page starts or ends.</summary>
public sealed record HistoryCursor(DateTimeOffset CompletedAt, string Id)
{
    /// <summary>As a card button carries it: the stored instant and the id.</summary>
    public override string ToString() => $"{Sql.Instant(CompletedAt)}|{Id}";

    /// <summary>Null for anything that is not a cursor this bot wrote (an old or altered card).</summary>
    public static HistoryCursor? Parse(string? text)
    {
        var parts = (text ?? "").Split('|');
        if (parts.Length != 2 || parts[1].Length is 0 or > 64
            || !DateTimeOffset.TryParseExact(parts[0], "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return null;
        }

        return new HistoryCursor(Sql.ParseInstant(parts[0]), parts[1]);
    }
}
