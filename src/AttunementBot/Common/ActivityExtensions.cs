using Microsoft.Bot.Schema;

namespace AttunementBot.Common;

public static class ActivityExtensions
{
    /// <summary>
    /// A one-to-one chat between a person and the bot (Teams "personal" scope; channels that send no
    /// conversation type, like the Emulator and the terminal, are one-to-one too). Reflections and
    /// anything about one person happen only here.
    /// </summary>
    public static bool IsOneToOne(this IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.ConversationType is null or "personal" && activity.Conversation?.IsGroup != true;
    }

    /// <summary>
    /// Who an activity is from, as every feature keys a person's data ("channel:user id"). Here rather than in People,
    /// so that features which only need the key (Privacy, to find everything of a person's) need not know People.
    /// </summary>
    public static string PersonKey(this IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return $"{activity.ChannelId}:{activity.From?.Id}";
    }
}
