using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttunementBot.Tests.Cards;

public sealed record ValidationRequest(string Name, JsonNode Template, JsonNode? Data, JsonNode? Bound);

public sealed record ValidationIssue(string Severity, string Event, string Message);

/// <param name="Expanded">The template bound by the official adaptivecards-templating package.</param>
/// <param name="Issues">What the official adaptivecards parser (schema 1.5, strict) reported for the C#-bound card.</param>
public sealed record ValidationResult(string Name, JsonNode? Expanded, string? ExpandError, IReadOnlyList<ValidationIssue> Issues);

/// <summary>
/// Runs tests/card-validator/validate.js (Node, official npm packages) once for a batch of cards. The test
/// project runs <c>npm ci</c> there on build, so node_modules is present.
/// </summary>
internal static class OfficialCardValidator
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ValidationResult> Run(IReadOnlyList<ValidationRequest> requests)
    {
        var script = Path.Combine(CardTestPaths.ValidatorFolder, "validate.js");
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = CardTestPaths.ValidatorFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(JsonSerializer.Serialize(requests, Json));
        node.StandardInput.Close();
        if (!node.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("validate.js did not finish within 120 s.");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"validate.js failed (exit {node.ExitCode}). Is node installed and did 'npm ci' run in {CardTestPaths.ValidatorFolder}?\n{stderr.Result}");
        }

        return JsonSerializer.Deserialize<List<ValidationResult>>(stdout.Result, Json)
            ?? throw new InvalidOperationException("validate.js printed nothing.");
    }
}
