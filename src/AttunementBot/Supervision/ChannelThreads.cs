namespace AttunementBot.Supervision;

/// <summary>A Teams channel and its threads: a reply's conversation id is the channel's plus ";messageid=…".</summary>
public static class ChannelThreads
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>The channel's own conversation id, whichever of its threads <paramref name="conversationId"/> names.</summary>
    public static string Root(string? conversationId)
    {
        var id = conversationId ?? string.Empty;
        var thread = id.IndexOf(ThreadMarker, StringComparison.Ordinal);
        return thread >= 0 ? id[..thread] : id;
    }
}
