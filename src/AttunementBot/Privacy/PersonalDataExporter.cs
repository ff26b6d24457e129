using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Privacy;

/// <summary>A file of an export: its name, type and bytes.</summary>
public sealed record ExportFile(string Name, string ContentType, string Description, byte[] Bytes);

/// <summary>The two forms of one export: a document to read and the same data as JSON.</summary>
public sealed record ExportFiles(ExportFile Document, ExportFile Json)
{
    public IReadOnlyList<ExportFile> Both => [Document, Json];
}

/// <summary>Gathers every feature's share of a person's data into a readable document and a JSON file.</summary>
public sealed class PersonalDataExporter(IEnumerable<IPersonalData> parts, PrivacyText text, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<ExportFiles> ExportAsync(string personKey, CancellationToken cancellationToken)
    {
        var sections = new List<PersonalDataSection>();
        foreach (var part in parts)
        {
            sections.AddRange(await part.ExportAsync(personKey, cancellationToken));
        }

        var now = clock.GetUtcNow();
        var date = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = new JsonObject
        {
            ["exportedAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["person"] = personKey,
        };
        foreach (var section in sections)
        {
            json[section.Kind] = section.Items.DeepClone();
        }

        return new ExportFiles(
            new ExportFile(text.Fill("export.documentName", ("date", date)), "text/plain", text["export.documentDescription"], Encoding.UTF8.GetBytes(Document(sections, now))),
            new ExportFile(text.Fill("export.jsonName", ("date", date)), "application/json", text["export.jsonDescription"], Encoding.UTF8.GetBytes(json.ToJsonString(Indented))));
    }

    /// <summary>Plain text, one heading per kind, each record's fields indented beneath it.</summary>
    private string Document(IReadOnlyList<PersonalDataSection> sections, DateTimeOffset now)
    {
        var document = new StringBuilder()
            .AppendLine(text["export.title"])
            .AppendLine(text.Fill("export.exportedAt", ("at", now.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture))));
        foreach (var section in sections)
        {
            document.AppendLine().AppendLine($"{text[$"sections.{section.Kind}"]} ({section.Items.Count})");
            if (section.Items.Count == 0)
            {
                document.AppendLine("  " + text["export.none"]);
            }

            var number = 0;
            foreach (var item in section.Items)
            {
                document.AppendLine(CultureInfo.InvariantCulture, $"  {++number}.");
                Write(document, item, depth: 2);
            }
        }

        return document.ToString();
    }

    private static void Write(StringBuilder document, JsonNode? node, int depth)
    {
        var entries = node switch
        {
            JsonObject obj => obj.Select(p => (Label: p.Key + ":", p.Value)),
            JsonArray array => array.Select(item => (Label: "-", Value: item)),
            null => [],
            _ => [(Label: string.Empty, Value: (JsonNode?)node)],
        };
        var indent = new string(' ', depth * 2);
        foreach (var (label, value) in entries)
        {
            if (value is JsonObject or JsonArray)
            {
                document.AppendLine(indent + label);
                Write(document, value, depth + 1);
            }
            else if (value is not null)
            {
                document.AppendLine($"{indent}{label} {Scalar(value)}".TrimEnd());
            }
        }
    }

    private static string Scalar(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
}
