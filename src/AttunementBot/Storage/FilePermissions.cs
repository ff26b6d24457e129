namespace AttunementBot.Storage;

/// <summary>
/// Keeps the bot's files to the account it runs as: folders 0700, files 0600, whatever the umask, on
/// Linux and macOS. Windows gives a user's LocalAppData folder to that user alone already, and a
/// configured folder keeps the access list its administrator gave it.
/// </summary>
public static class FilePermissions
{
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>SQLite's companions of a database file; SQLite gives new ones the database file's own mode.</summary>
    private static readonly string[] DatabaseCompanions = ["", "-wal", "-shm", "-journal"];

    [System.Runtime.Versioning.UnsupportedOSPlatformGuard("windows")]
    private static bool AppliesHere => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Creates the folder (and its missing parents) readable only by this account, or makes an existing one so.</summary>
    public static void CreatePrivateFolder(string path)
    {
        if (!AppliesHere)
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Created with the mode (so it is never briefly open to others), then set again: the umask
        // narrows a new folder's mode, and an existing folder keeps whatever mode it had.
        Directory.CreateDirectory(path, PrivateFolder);
        Restrict(path, PrivateFolder);
    }

    /// <summary>Makes the database file, its WAL, shared-memory index and rollback journal readable only by this account.</summary>
    public static void RestrictDatabaseFiles(string databasePath)
    {
        foreach (var suffix in DatabaseCompanions)
        {
            RestrictFile(databasePath + suffix);
        }
    }

    /// <summary>Makes one file readable only by this account; a file that does not exist is left alone.</summary>
    public static void RestrictFile(string path)
    {
        if (AppliesHere && File.Exists(path))
        {
            Restrict(path, PrivateFile);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode mode)
    {
        if (File.GetUnixFileMode(path) == mode)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException(
                $"The bot keeps clinical reflections in \"{path}\" and cannot make it private to the account it runs as, because another account owns it. "
                + "Give the bot a folder of its own in Storage:DataFolder (and DataProtection:KeysFolder), owned by the account it runs as.",
                ex);
        }
    }
}
