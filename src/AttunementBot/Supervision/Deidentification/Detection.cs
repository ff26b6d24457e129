namespace AttunementBot.Supervision.Deidentification;

/// <summary>
/// A candidate identifier found by one detector: the characters [Start, End) of the original text.
/// <paramref name="Anchor"/> is where the evidence starts: the context word for "member ID 4482", else Start.
/// </summary>
internal readonly record struct Detection(int Start, int End, IdentifierKind Kind, int Anchor)
{
    public Detection(int start, int end, IdentifierKind kind)
        : this(start, end, kind, start)
    {
    }

    public int Length => End - Start;

    /// <summary>
    /// Whether this detection should name the tag rather than <paramref name="other"/>: the longer one; for the
    /// same characters, the one with more context ("member ID 4482" over "ID 4482"), then the higher rank.
    /// </summary>
    public bool IsBetterThan(Detection other) =>
        Length != other.Length ? Length > other.Length
        : Anchor != other.Anchor ? Anchor < other.Anchor
        : Rank(Kind) > Rank(other.Kind);

    /// <summary>
    /// When two detections cover exactly the same characters, the kind that ranks higher names the tag:
    /// "123-45-6789" is shaped like a phone number too, but an SSN is the more specific reading.
    /// </summary>
    public static int Rank(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Email => 18,
        IdentifierKind.Url => 17,
        IdentifierKind.IpAddress => 16,
        IdentifierKind.SocialSecurityNumber => 15,
        IdentifierKind.Fax => 14,
        IdentifierKind.Date => 13,
        IdentifierKind.ZipCode => 12,
        IdentifierKind.MedicalRecordNumber => 11,
        IdentifierKind.HealthPlanNumber => 10,
        IdentifierKind.LicenceNumber => 9,
        IdentifierKind.VehicleIdentifier => 8,
        IdentifierKind.DeviceIdentifier => 7,
        IdentifierKind.AccountNumber => 6,
        IdentifierKind.Phone => 5,
        IdentifierKind.Age => 4,
        IdentifierKind.Organisation => 3,
        IdentifierKind.Place => 2,
        _ => 1,
    };
}
