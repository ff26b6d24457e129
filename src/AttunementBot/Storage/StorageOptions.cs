using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Storage;

public enum StorageProvider
{
    Sqlite,
}

/// <summary>The "Storage" section of appsettings.json.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

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

    /// <summary>How long the ids of handled activities are kept, to recognise a channel's re-delivery.</summary>
    [Range(1, 24 * 30, ErrorMessage = "Storage:ProcessedActivityRetentionHours must be between 1 and 720 hours; 48 is a good default.")]
    public int ProcessedActivityRetentionHours { get; set; } = 48;
}
