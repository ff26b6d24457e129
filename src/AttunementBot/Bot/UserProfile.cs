namespace AttunementBot.Bot;

/// <summary>What the bot remembers about a person between conversations (user state).</summary>
public sealed class UserProfile
{
    /// <summary>When the person was first welcomed; null until then, so the welcome is said once.</summary>
    public DateTimeOffset? WelcomedAt { get; set; }
}
