using System.Data.Common;
using System.Globalization;

namespace AttunementBot.Storage;

/// <summary>Small helpers every store shares, on either provider: instants as sortable UTC text, nullable columns, commands.</summary>
internal static class Sql
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>UTC, fixed width: text order is time order, so SQL can compare instants as text.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseInstant(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc));

    public static DateTimeOffset? NullableInstant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseInstant(reader.GetString(ordinal));

    public static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>
    /// Adds a parameter (named "@name" in the SQL). Flags are stored as 0/1 integers on both providers, so a
    /// bool is bound as one; null becomes DBNull.
    /// </summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            bool flag => flag ? 1 : 0,
            _ => value,
        };
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Most keys bound in one IN list: well under either provider's limit on parameters per statement.</summary>
    public const int InListLimit = 500;

    /// <summary>
    /// Binds <paramref name="values"/> (at most <see cref="InListLimit"/>) as @in0, @in1, ... and returns the list for
    /// <c>column IN (...)</c>: one statement for many keys, on both providers.
    /// </summary>
    public static string InList(this DbCommand command, IReadOnlyList<string> values)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Count, InListLimit);
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@in" + i.ToString(CultureInfo.InvariantCulture);
            command.AddParameter(names[i], values[i]);
        }

        return string.Join(", ", names);
    }

    /// <summary>The database could not be used just now (unreachable, locked, refused): worth reporting and retrying, not a bug.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is DbException or IOException or UnauthorizedAccessException or TimeoutException or System.Net.Sockets.SocketException;
}
