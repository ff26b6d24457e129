using System.Text.RegularExpressions;

namespace AttunementBot.Storage.Protection;

/// <summary>
/// A text column whose values are encrypted at rest, named by its table, its column and the column
/// that identifies a row (so the start-up sweep can protect rows written before protection began).
/// </summary>
/// <remarks>
/// Its Data Protection purpose is <c>AttunementBot.v1.{table}.{column}</c>: a value protected for one
/// column cannot be unprotected as another's, so a value copied between columns reads as nothing.
/// The "v1" changes only if a column's meaning changes incompatibly; key rotation never changes it.
/// </remarks>
public sealed partial record ProtectedColumn
{
    public const string PurposePrefix = "AttunementBot.v1";

    public ProtectedColumn(string table, string column, string keyColumn)
    {
        // These go into SQL text, so only plain identifiers are accepted.
        Table = Identifier(table);
        Column = Identifier(column);
        KeyColumn = Identifier(keyColumn);
    }

    public string Table { get; }

    public string Column { get; }

    public string KeyColumn { get; }

    /// <summary>The purpose string for <see cref="Microsoft.AspNetCore.DataProtection.IDataProtectionProvider.CreateProtector(string)"/>.</summary>
    public string Purpose => $"{PurposePrefix}.{Table}.{Column}";

    public override string ToString() => $"{Table}.{Column}";

    private static string Identifier(string name) =>
        IdentifierPattern().IsMatch(name) ? name : throw new ArgumentException($"\"{name}\" is not a plain SQL identifier (lower-case letters, digits, underscores).", nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
