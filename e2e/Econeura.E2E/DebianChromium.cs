using Microsoft.Playwright;

namespace Econeura.E2E;

/// <summary>Debian's Chromium, headless and quiet: Playwright's own browser download is not used here.</summary>
public static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, IEnumerable<string>? moreArguments = null)
    {
        // scripts/lib/common.sh installs the package and says where it is; there is no silent fallback to another browser.
        var executablePath = Environment.GetEnvironmentVariable("ECONEURA_CHROMIUM");
        if (executablePath is null || !File.Exists(executablePath))
            throw new InvalidOperationException($"ECONEURA_CHROMIUM ({executablePath ?? "not set"}) names no browser: run the tests through ./scripts/test.sh, which installs Debian's chromium and sets it.");
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                .. moreArguments ?? []],
        });
    }
}
