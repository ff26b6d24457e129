using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using AttunementBot.Tests.Cards;

namespace AttunementBot.Tests.Foundation;

/// <summary>teams/package.mjs, run as an administrator would: the zip Teams accepts, or a clear list of what to fix.</summary>
public sealed class TeamsPackageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("teams-package-").FullName;

    [Fact]
    public async Task The_package_script_fills_the_manifest_checks_it_and_zips_it_with_the_icons()
    {
        var zipPath = Path.Combine(folder, "app.zip");
        var (code, output) = await RunAsync(zipPath, ("MICROSOFT_APP_ID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"), ("ORGANISATION_NAME", "Riverside Clinic"),
            ("ORGANISATION_WEBSITE", "https://riverside.example.org"), ("BOT_DOMAIN", "bot.riverside.example.org"));

        Assert.True(code == 0, output);
        using var archive = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
        Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", (string)manifest["id"]!);
        Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", (string)manifest["bots"]![0]!["botId"]!);
        Assert.Equal("https://riverside.example.org/privacy", (string)manifest["developer"]!["privacyUrl"]!);
        Assert.Equal(["bot.riverside.example.org"], manifest["validDomains"]!.AsArray().Select(d => (string)d!));
        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
        Assert.Equal(["personal", "team", "groupChat"], lists.SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)));
        Assert.Contains(lists[0]!["commands"]!.AsArray(), c => (string)c!["title"]! == "reflect");
        Assert.DoesNotContain("${", manifest.ToJsonString(), StringComparison.Ordinal);
        using var icon = archive.GetEntry("color.png")!.Open();
        using var copy = new MemoryStream();
        await icon.CopyToAsync(copy);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(CardTestPaths.RepoRoot, "teams", "color.png")), copy.ToArray());
    }

    [Fact]
    public async Task A_manifest_that_breaks_the_rules_is_refused_with_what_to_fix_and_no_zip()
    {
        var zipPath = Path.Combine(folder, "app.zip");
        var (code, output) = await RunAsync(zipPath, ("MICROSOFT_APP_ID", "my-bot"), ("ORGANISATION_NAME", "Riverside Clinic"),
            ("ORGANISATION_WEBSITE", "http://riverside.example.org"), ("BOT_DOMAIN", "https://bot.riverside.example.org/api"));

        Assert.Equal(1, code);
        Assert.Contains("id must be the bot's Microsoft App ID", output, StringComparison.Ordinal);
        Assert.Contains("must be an https URL", output, StringComparison.Ordinal);
        Assert.Contains("validDomains must be domain names", output, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task A_missing_setting_is_named()
    {
        var (code, output) = await RunAsync(Path.Combine(folder, "app.zip"), ("MICROSOFT_APP_ID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"));

        Assert.Equal(1, code);
        Assert.Contains("ORGANISATION_NAME is not set", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string zipPath, params (string Name, string Value)[] settings)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(CardTestPaths.RepoRoot, "teams", "package.mjs"), zipPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "MICROSOFT_APP_ID", "ORGANISATION_NAME", "ORGANISATION_WEBSITE", "BOT_DOMAIN" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
