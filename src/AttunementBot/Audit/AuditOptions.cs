using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Audit;

/// <summary>The "Audit" section of appsettings.json.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Audit events older than this are deleted. HIPAA asks for six years of such records.</summary>
    [Range(30, 36500, ErrorMessage = "Audit:RetentionDays must be between 30 and 36500 days; 2190 keeps six years, as HIPAA asks.")]
    public int RetentionDays { get; set; } = 2190;
}
