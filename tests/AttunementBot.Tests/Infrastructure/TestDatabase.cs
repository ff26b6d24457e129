using AttunementBot.Storage;
using Microsoft.Extensions.Options;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for a store test, on the provider the test case names: SQLite in a temporary folder,
/// or a schema of its own on the PostgreSQL test server. <see cref="Open"/> gives a new <see cref="Database"/> on the
/// same data each time, as a restarted bot would see it.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly List<Database> _opened = [];

    public TestDatabase(StorageProvider provider)
    {
        Provider = provider;
        Options = provider == StorageProvider.Postgres
            ? new StorageOptions { Provider = provider, ConnectionString = TestPostgres.NewSchema() }
            : new StorageOptions { Provider = provider, DataFolder = Directory.CreateTempSubdirectory("attunementbot-storage-").FullName };
    }

    public StorageProvider Provider { get; }

    public StorageOptions Options { get; }

    public Database Open()
    {
        Database database = Provider == StorageProvider.Postgres
            ? new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(Options))
            : new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(Options));
        _opened.Add(database);
        return database;
    }

    public void Dispose()
    {
        _opened.ForEach(d => d.Dispose());
        if (Provider == StorageProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Options.DataFolder, recursive: true);
        }
    }
}
