namespace AttunementBot.Bot;

/// <summary>What the bot remembers about a person between conversations (user state).</summary>
public sealed class UserProfile
{
    /// <summary>When the person was first welcomed; null until then, so the welcome is said once.</summary>
    public DateTimeOffset? WelcomedAt { get; set; }

    /// <summary>
    /// Settledness of the person's latest completed reflections, newest first: what the settledness step
    /// weighs, kept here so no turn has to read the history for it. Null until first filled from the history.
    /// </summary>
    public List<int?>? RecentSettledness { get; set; }
}
