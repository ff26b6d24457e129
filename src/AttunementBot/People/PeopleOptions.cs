using System.ComponentModel.DataAnnotations;

namespace AttunementBot.People;

/// <summary>The "People" section of appsettings.json.</summary>
public sealed class PeopleOptions
{
    public const string SectionName = "People";

    /// <summary>
    /// User ids with the lead role from the start (Azure AD object ids in Teams; the channel's user
    /// id elsewhere). Leads can grant the role to others in chat.
    /// </summary>
    public IList<string> Leads { get; } = [];

    /// <summary>Used for a person whose time zone is not known yet.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultTimeZone { get; set; } = "UTC";
}
