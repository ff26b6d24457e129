using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Storage.Protection;

/// <summary>The "DataProtection" section of appsettings.json: where the keys that encrypt reflections live.</summary>
public sealed class AtRestProtectionOptions : IValidatableObject
{
    public const string SectionName = "DataProtection";

    /// <summary>Instances with the same name (and key ring) read each other's data; change it and older data no longer reads.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "DataProtection:ApplicationName must not be empty; \"AttunementBot\" is the default every instance shares.")]
    public string ApplicationName { get; set; } = "AttunementBot";

    /// <summary>Folder of the key ring. Empty = a "keys" folder inside Storage:DataFolder.</summary>
    public string KeysFolder { get; set; } = string.Empty;

    /// <summary>How long a new key is used for new data; older keys keep reading what they wrote.</summary>
    [Range(7, 3650, ErrorMessage = "DataProtection:KeyLifetimeDays must be between 7 and 3650 days; 90 is Data Protection's default.")]
    public int KeyLifetimeDays { get; set; } = 90;

    /// <summary>Thumbprint of a certificate in the account's or the machine's "My" store that encrypts the key files.</summary>
    public string CertificateThumbprint { get; set; } = string.Empty;

    /// <summary>A PFX file (with its private key) that encrypts the key files.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The PFX file's password; put it in an environment variable or a secret store, not in appsettings.json.</summary>
    public string CertificatePassword { get; set; } = string.Empty;

    public string ResolveKeysFolder(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(KeysFolder) ? Path.Combine(storage.ResolveDataFolder(), "keys") : Path.GetFullPath(KeysFolder);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(CertificateThumbprint) && !string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return new ValidationResult(
                "Set either DataProtection:CertificateThumbprint (a certificate in the store) or DataProtection:CertificatePath (a PFX file), not both.",
                [nameof(CertificateThumbprint), nameof(CertificatePath)]);
        }

        if (!string.IsNullOrWhiteSpace(CertificatePath) && !File.Exists(CertificatePath))
        {
            yield return new ValidationResult(
                $"DataProtection:CertificatePath names \"{CertificatePath}\", which does not exist; give the path of the PFX file that protects the keys.",
                [nameof(CertificatePath)]);
        }
    }
}
