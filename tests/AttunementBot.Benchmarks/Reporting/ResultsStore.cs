using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Benchmarks.Reporting;

/// <summary>
/// results/latest.json holds the latest section of each benchmark (running one benchmark replaces only its
/// own); results/latest.md is rebuilt from it, in a fixed order, each section with its date and machine.
/// </summary>
public sealed class ResultsStore(string folder, MachineInfo machine)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string JsonPath { get; } = Path.Combine(folder, "latest.json");

    public string MarkdownPath { get; } = Path.Combine(folder, "latest.md");

    public void Save(BenchmarkSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Directory.CreateDirectory(folder);
        var root = File.Exists(JsonPath) ? JsonNode.Parse(File.ReadAllText(JsonPath)) as JsonObject ?? [] : [];
        var sections = root["sections"] as JsonObject ?? [];
        root["sections"] = sections;
        sections[section.Name] = new JsonObject
        {
            ["title"] = section.Title,
            ["ranAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["machine"] = JsonSerializer.SerializeToNode(machine),
            ["figures"] = JsonSerializer.SerializeToNode(section.Figures),
            ["markdown"] = section.Markdown,
        };
        File.WriteAllText(JsonPath, root.ToJsonString(Indented) + "\n");
        File.WriteAllText(MarkdownPath, Render(sections));
    }

    private static string Render(JsonObject sections)
    {
        var md = new StringBuilder("# AttunementBot benchmarks: latest results\n\n");
        md.Append("Written by `dotnet run -c Release --project tests/AttunementBot.Benchmarks`; each section says when and where it ran.\n");
        foreach (var name in RunOptions.All.Where(sections.ContainsKey))
        {
            var section = sections[name]!;
            var m = section["machine"]!;
            md.Append('\n').Append((string?)section["markdown"]).Append('\n');
            md.Append(CultureInfo.InvariantCulture, $"_Ran {(string?)section["ranAt"]} on {(int?)m["Cores"]} cores ({(string?)m["Cpu"]}), {(string?)m["Memory"]} RAM, {(string?)m["Runtime"]}._\n");
        }

        return md.ToString();
    }
}
