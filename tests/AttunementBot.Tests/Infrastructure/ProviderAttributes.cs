using System.Reflection;
using AttunementBot.Storage;
using Xunit.Sdk;

namespace AttunementBot.Tests.Infrastructure;

/// <summary>
/// A theory's PostgreSQL case (next to <c>[InlineData(StorageProvider.Sqlite)]</c>): it runs when the test server is
/// set (<see cref="TestPostgres"/>), and is reported as skipped, with the reason, when it is not.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnPostgresAttribute : DataAttribute
{
    public override string? Skip
    {
        get => TestPostgres.SkipReason;
        set => throw new NotSupportedException("The skip reason comes from the environment.");
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Postgres]];
}

/// <summary>A fact that needs the PostgreSQL test server: skipped, with the reason, when it is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestPostgres.SkipReason;
}
