using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Supervision;

/// <summary>Whether a clinician's own words may go to a group at all, beyond the answers to the choices.</summary>
public enum SharedFreeText
{
    /// <summary>The moment, the intention and a question may be shared when ticked, de-identified first.</summary>
    Allowed,

    /// <summary>Shared cards carry the answers to the choices only; the share form offers no free text.</summary>
    Forbidden,
}

/// <summary>The "Supervision" section of appsettings.json: the clinic's rules for sharing.</summary>
public sealed class SupervisionOptions
{
    public const string SectionName = "Supervision";

    [EnumDataType(typeof(SharedFreeText), ErrorMessage = "Supervision:SharedFreeText must be Allowed or Forbidden.")]
    public SharedFreeText SharedFreeText { get; set; } = SharedFreeText.Allowed;

    public bool AllowsFreeText => SharedFreeText == SharedFreeText.Allowed;
}
