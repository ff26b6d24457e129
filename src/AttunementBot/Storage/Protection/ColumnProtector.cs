using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace AttunementBot.Storage.Protection;

/// <summary>
/// Encrypts and decrypts one column's values with ASP.NET Core Data Protection (AES-256-CBC with
/// HMACSHA256 by default; the key id travels in each value, so values written under older keys still read).
/// </summary>
/// <remarks>
/// A protected value is stored as <see cref="Marker"/> followed by Data Protection's base64url text. A value
/// without the marker was written before protection began (JSON, which can never start with the marker)
/// and is read as it is; the start-up sweep rewrites such rows protected.
/// </remarks>
public sealed class ColumnProtector
{
    public const string Marker = "dp:";

    private readonly IDataProtector _protector;

    public ColumnProtector(IDataProtectionProvider provider, ProtectedColumn column)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Column = column ?? throw new ArgumentNullException(nameof(column));
        _protector = provider.CreateProtector(column.Purpose);
    }

    public ProtectedColumn Column { get; }

    public static bool IsProtected(string stored) => stored.StartsWith(Marker, StringComparison.Ordinal);

    public string Protect(string plain) => Marker + _protector.Protect(plain);

    /// <summary>The plain value: decrypted when protected, as it is when written before protection began.</summary>
    /// <exception cref="CryptographicException">The value's key is not in the key ring (or the value was altered).</exception>
    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Marker.Length..]);
        }
        catch (CryptographicException ex)
        {
            // The operator needs to know which keys are missing; the value itself is never named.
            throw new CryptographicException(
                $"A protected value in {Column} could not be read with the keys in the key ring. Check that DataProtection:KeysFolder "
                + "(or the certificate in DataProtection:CertificateThumbprint / CertificatePath) is the one this database was written with.",
                ex);
        }
    }
}
