namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// The kinds of identifier removed from text shared with a supervision group, after the HIPAA Safe Harbor list.
/// The tag each is replaced with lives in <c>tags.json</c>.
/// </summary>
public enum IdentifierKind
{
    Name,
    Place,
    Organisation,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Url,
    IpAddress,
    SocialSecurityNumber,
    MedicalRecordNumber,
    HealthPlanNumber,
    AccountNumber,
    LicenceNumber,
    VehicleIdentifier,
    DeviceIdentifier,
    ZipCode,
}
