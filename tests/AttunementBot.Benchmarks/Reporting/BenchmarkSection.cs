using System.Globalization;
using System.Text;

namespace AttunementBot.Benchmarks.Reporting;

/// <summary>One benchmark's results: figures for the JSON file and the same in Markdown for people.</summary>
public sealed class BenchmarkSection(string name, string title)
{
    private readonly StringBuilder _markdown = new();

    public string Name { get; } = name;

    public string Title { get; } = title;

    public Dictionary<string, object?> Figures { get; } = [];

    public string Markdown => $"### {Title}\n\n{_markdown.ToString().TrimEnd()}\n";

    public BenchmarkSection Line(string text = "")
    {
        _markdown.Append(text).Append('\n');
        return this;
    }

    /// <summary>A Markdown table; numbers are formatted by the caller.</summary>
    public BenchmarkSection Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _markdown.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        _markdown.Append('|').Append(string.Concat(header.Select(h => " --- |"))).Append('\n');
        foreach (var row in rows)
        {
            _markdown.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        }

        _markdown.Append('\n');
        return this;
    }

    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds < 10 ? N(milliseconds, 2) + " ms" : N(milliseconds, 1) + " ms";

    public static string MiB(long bytes) => N(bytes / (1024.0 * 1024), 1) + " MiB";
}
