using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Chat;

/// <summary>The "Chat" section of appsettings.json: how the terminal chat names the person typing.</summary>
public sealed class TerminalChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>The name the bot uses for you in the terminal ("weekdays at 17:30 for you"), never the OS user name.</summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(100)]
    public string DisplayName { get; set; } = "you";
}
