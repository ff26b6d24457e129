using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Storage;

public enum StorageProvider
{
    /// <summary>An embedded file under <see cref="StorageOptions.DataFolder"/>: one instance, nothing to set up.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database at <see cref="StorageOptions.ConnectionString"/>: several instances can share it.</summary>
    Postgres,
}

/// <summary>The "Storage" section of appsettings.json.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [EnumDataType(typeof(StorageProvider), ErrorMessage = "Storage:Provider must be Sqlite or Postgres.")]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The PostgreSQL connection string (Npgsql keywords); required when <see cref="Provider"/> is Postgres.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Folder for the SQLite database. Empty means the per-user application data folder
    /// (~/.local/share/AttunementBot on Linux); a relative path is resolved against the
    /// working directory the bot was started in.
    /// </summary>
    public string DataFolder { get; set; } = string.Empty;

    public string ResolveDataFolder() =>
        string.IsNullOrWhiteSpace(DataFolder)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "AttunementBot")
            : Path.GetFullPath(DataFolder);

    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@"^[^/\\]+$", ErrorMessage = "Storage:SqliteFileName must be a file name only (for example \"attunementbot.db\"); put the folder in Storage:DataFolder.")]
    public string SqliteFileName { get; set; } = "attunementbot.db";

    /// <summary>
    /// How long an instance of the bot may go unseen before others take over what it was sending (several instances
    /// on PostgreSQL). Each instance writes a heartbeat five times a lease.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00", ErrorMessage = "Storage:InstanceLease must be between 00:00:02 and 00:05:00; 00:00:15 is a good default.")]
    public TimeSpan InstanceLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the ids of handled activities are kept, to recognise a channel's re-delivery.</summary>
    [Range(1, 24 * 30, ErrorMessage = "Storage:ProcessedActivityRetentionHours must be between 1 and 720 hours; 48 is a good default.")]
    public int ProcessedActivityRetentionHours { get; set; } = 48;
}
