namespace AttunementBot.Tests.Browser;

/// <summary>
/// Debian's Chromium, the one browser the browser test uses (Playwright's own downloads cannot be fetched here).
/// Missing, the test fails and says how to install it: it never passes without a browser.
/// </summary>
internal static class Chromium
{
    public static string Path()
    {
        var path = System.Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser test needs Chromium at {path}, and it is not there. On Debian or Ubuntu: sudo apt-get install -y chromium " +
                "(bash .ci/run installs it too). Elsewhere, set CHROMIUM_PATH to a Chromium or Chrome executable.");
        }

        return path;
    }
}
