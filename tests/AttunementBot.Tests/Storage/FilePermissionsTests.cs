using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.Storage;

/// <summary>Who else on the machine can open the bot's files: nobody, whatever the umask.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class FilePermissionsTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private const UnixFileMode Shared = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _parent = Directory.CreateTempSubdirectory("attunementbot-modes-").FullName;

    private string DataFolder => Path.Combine(_parent, "data");

    // The SQLite files are what these tests look at, so they keep SQLite when the suite's hosts are on PostgreSQL.
    private static readonly Dictionary<string, string?> SqliteFiles = new() { ["Storage:Provider"] = "Sqlite" };

    [Fact]
    public async Task A_new_data_folder_its_database_files_and_key_files_are_the_bot_accounts_alone_under_a_0022_umask()
    {
        var previous = SetUmask(0b000_010_010);
        try
        {
            // The control: under this umask an ordinary new file is readable by everyone.
            var probe = Path.Combine(_parent, "probe");
            await File.WriteAllTextAsync(probe, "probe");
            Assert.Equal(Shared, File.GetUnixFileMode(probe));

            using var host = new BotHost(DataFolder, settings: SqliteFiles);
            await SaveReflectionAsync(host);

            // Rotation writes a key file later on; it is private too.
            host.Services.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

            Assert.Equal(PrivateFolder, File.GetUnixFileMode(DataFolder));
            Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.Combine(DataFolder, "keys")));
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(DataFolder, "attunementbot.db" + suffix)));
            }

            var keyFiles = Directory.GetFiles(Path.Combine(DataFolder, "keys"));
            Assert.Equal(2, keyFiles.Length);
            Assert.All(keyFiles, file => Assert.Equal(Private, File.GetUnixFileMode(file)));
        }
        finally
        {
            SetUmask(previous);
        }
    }

    [Fact]
    public async Task A_data_folder_and_database_left_open_to_others_by_an_earlier_version_are_closed_at_start_up()
    {
        Directory.CreateDirectory(DataFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(Path.Combine(DataFolder, "keys"));
        File.SetUnixFileMode(Path.Combine(DataFolder, "keys"), Shared | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var database = Path.Combine(DataFolder, "attunementbot.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, Shared);

        using var host = new BotHost(DataFolder, settings: SqliteFiles);
        await SaveReflectionAsync(host);

        Assert.Equal(PrivateFolder, File.GetUnixFileMode(DataFolder));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(Path.Combine(DataFolder, "keys")));
        Assert.Equal(Private, File.GetUnixFileMode(database));
        Assert.Equal(Private, File.GetUnixFileMode(database + "-wal"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_parent, recursive: true);
    }

    private static Task SaveReflectionAsync(BotHost host) =>
        host.Services.GetRequiredService<IReflectionHistory>().SaveAsync(
            "msteams:someone",
            new CompletedReflection("r1", DateTimeOffset.UtcNow.AddMinutes(-3), DateTimeOffset.UtcNow, new ReflectionAnswers { Moment = "a moment" }),
            CancellationToken.None);

    /// <summary>The process's umask (it is process-wide; 0022 is the usual default, so other tests see no change).</summary>
    private static uint SetUmask(uint mask) => NativeMethods.umask(mask) & 0x1FF;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint umask(uint mask);
    }
}
