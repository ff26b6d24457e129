using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AttunementBot.Storage;

namespace AttunementBot.Privacy;

/// <summary>Turns a feature's records into export items: objects serialised with readable names, or rows as stored.</summary>
public static class PersonalDataJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PersonalDataSection Section<T>(string kind, IEnumerable<T> records) =>
        new(kind, new JsonArray([.. records.Select(r => JsonSerializer.SerializeToNode(r, Options))]));

    /// <summary>Every row <paramref name="sql"/> returns for the person (parameter <c>@p</c>), column names as keys.</summary>
    public static async Task<PersonalDataSection> RowsAsync(Database database, string kind, string sql, string personKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, sql, ("@p", personKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new JsonArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new JsonObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : JsonValue.Create(reader.GetValue(i));
            }

            items.Add(row);
        }

        return new PersonalDataSection(kind, items);
    }
}
