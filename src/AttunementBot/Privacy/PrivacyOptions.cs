using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Privacy;

/// <summary>The "Privacy" section of appsettings.json.</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Completed reflections older than this are deleted.</summary>
    [Range(1, 3650, ErrorMessage = "Privacy:ReflectionRetentionDays must be between 1 and 3650 days; 365 keeps a year.")]
    public int ReflectionRetentionDays { get; set; } = 365;
}
