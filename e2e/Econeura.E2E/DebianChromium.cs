using Microsoft.Playwright;

namespace Econeura.E2E;

/// <summary>Debian's Chromium, headless and quiet: Playwright's own browser download is not used here.</summary>
public static class DebianChromium
{
    private const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, IEnumerable<string>? moreArguments = null)
    {
        if (!File.Exists(ExecutablePath)) throw new InvalidOperationException($"{ExecutablePath} is missing: ./scripts/test.sh installs Debian's chromium package.");
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                .. moreArguments ?? []],
        });
    }
}
