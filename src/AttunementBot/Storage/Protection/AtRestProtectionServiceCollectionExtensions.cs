using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace AttunementBot.Storage.Protection;

public static class AtRestProtectionServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Data Protection for what the bot keeps at rest: <see cref="IDataProtectionProvider"/> in DI,
    /// the key ring in a private folder (by default Storage:DataFolder/keys), encrypted with a certificate
    /// when one is configured (DPAPI on Windows otherwise), and the start-up sweep of rows from before.
    /// </summary>
    public static IServiceCollection AddAtRestProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AtRestProtectionOptions.SectionName);
        services.AddOptions<AtRestProtectionOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Data Protection takes its application name, key lifetime and certificate when it is
        // registered, so these are read now; the start-up validation above still explains bad values.
        var settings = section.Get<AtRestProtectionOptions>() ?? new AtRestProtectionOptions();
        var protection = services.AddDataProtection();
        if (!string.IsNullOrWhiteSpace(settings.ApplicationName))
        {
            protection.SetApplicationName(settings.ApplicationName);
        }

        if (settings.KeyLifetimeDays >= 7)
        {
            protection.SetDefaultKeyLifetime(TimeSpan.FromDays(settings.KeyLifetimeDays));
        }

        if (!string.IsNullOrWhiteSpace(settings.CertificateThumbprint))
        {
            // Looked up in the store when a key is written; older certificates left in the store keep older keys readable.
            protection.ProtectKeysWithCertificate(settings.CertificateThumbprint.Replace(" ", string.Empty, StringComparison.Ordinal));
        }
        else if (!string.IsNullOrWhiteSpace(settings.CertificatePath) && File.Exists(settings.CertificatePath))
        {
            protection.ProtectKeysWithCertificate(LoadCertificate(settings));
        }
        else if (OperatingSystem.IsWindows())
        {
            protection.ProtectKeysWithDpapi();
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<AtRestProtectionOptions>, IOptions<StorageOptions>, ILoggerFactory>((keys, options, storage, loggers) =>
                keys.XmlRepository = new PrivateKeyFolder(options.Value.ResolveKeysFolder(storage.Value), loggers));

        services.AddHostedService<PlainTextSweep>();
        return services;
    }

    /// <summary>Adds a column to the start-up sweep that protects rows written before protection began.</summary>
    public static IServiceCollection AddProtectedColumn(this IServiceCollection services, ProtectedColumn column) =>
        services.AddSingleton(column);

    private static X509Certificate2 LoadCertificate(AtRestProtectionOptions settings)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"DataProtection:CertificatePath \"{settings.CertificatePath}\" could not be opened ({ex.Message}); check the file and DataProtection:CertificatePassword.");
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw Invalid($"DataProtection:CertificatePath \"{settings.CertificatePath}\" has no private key, so the keys it protects could never be read again; export the certificate with its private key.");
    }

    private static OptionsValidationException Invalid(string message) =>
        new(AtRestProtectionOptions.SectionName, typeof(AtRestProtectionOptions), [message]);
}
