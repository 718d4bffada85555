using Microsoft.Playwright;
using Ogiri.Serving;
using Ogiri.TestSupport;

namespace Ogiri.Serving.Tests;

/// <summary>The try-it page in a real headless Chromium (Debian's), driven by Playwright.</summary>
public sealed class PageTests
{
    internal static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Keep the browser off every network but the test server's loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

    [Fact]
    public async Task Choosing_an_image_while_no_model_is_loaded_shows_the_servers_reason()
    {
        using var slot = new ModelSlot();
        await using var server = await RunningServer.StartAsync(slot);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address.ToString());

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = TestImages.Png() });

        var error = page.Locator("#error");
        await Assertions.Expect(error).ToContainTextAsync("no model is loaded yet");
        Assert.Equal(0, await page.Locator("#answers li").CountAsync());
        Assert.True(await page.Locator("#preview").IsVisibleAsync());
    }
}
