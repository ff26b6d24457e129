using System.Text;

namespace AttunementBot.Tests.Storage;

/// <summary>The bytes a thief who copies the database file and its WAL would have, read while the bot runs.</summary>
public static class RawDatabaseFiles
{
    public static string[] Paths(string dataFolder) =>
        [Path.Combine(dataFolder, "attunementbot.db"), Path.Combine(dataFolder, "attunementbot.db-wal")];

    /// <summary>The words of <paramref name="words"/> found anywhere in the file or its WAL (UTF-8, as SQLite stores text).</summary>
    public static IReadOnlyList<string> Reveal(string dataFolder, params string[] words)
    {
        var bytes = Paths(dataFolder).Where(File.Exists).SelectMany(Read).ToArray();
        return [.. words.Where(word => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(word)) >= 0)];
    }

    public static long WalLength(string dataFolder) => new FileInfo(Paths(dataFolder)[1]) is { Exists: true } wal ? wal.Length : 0;

    private static byte[] Read(string path)
    {
        // SQLite holds the files open; a copy is what a thief would take.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
