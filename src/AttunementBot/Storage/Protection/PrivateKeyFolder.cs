using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AttunementBot.Storage.Protection;

/// <summary>
/// The key ring as XML files in a folder only the bot's account can open (0700, files 0600), also for
/// keys added later by rotation. The files themselves are Data Protection's own.
/// </summary>
public sealed class PrivateKeyFolder : IXmlRepository
{
    private readonly FileSystemXmlRepository _files;
    private readonly Lazy<bool> _prepared;

    public PrivateKeyFolder(string folder, ILoggerFactory loggerFactory)
    {
        Folder = folder;
        _files = new FileSystemXmlRepository(new DirectoryInfo(folder), loggerFactory);

        // Also tightens a folder (and key files) made before the bot kept them private.
        _prepared = new Lazy<bool>(() =>
        {
            FilePermissions.CreatePrivateFolder(folder);
            RestrictKeyFiles();
            return true;
        });
    }

    public string Folder { get; }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _ = _prepared.Value;
        return _files.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        _ = _prepared.Value;
        _files.StoreElement(element, friendlyName);

        // Data Protection writes a private temporary file and moves it, but falls back to a copy on
        // file systems that cannot move (NFS), which would take the umask's mode.
        RestrictKeyFiles();
    }

    private void RestrictKeyFiles()
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*.xml"))
        {
            FilePermissions.RestrictFile(file);
        }
    }
}
