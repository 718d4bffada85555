using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Ogiri.Serving;

namespace Ogiri.Serving.Tests;

/// <summary>The endpoint contract with a really trained model behind it.</summary>
public sealed class ServingWithModelTests(TrainedHome trained) : IClassFixture<TrainedHome>
{
    private async Task<(RunningServer Server, ModelSlot Slot)> Start()
    {
        var slot = new ModelSlot();
        slot.Replace(TrainedCaptionModel.Load(trained.ModelFolder, trained.Version));
        return (await RunningServer.StartAsync(slot), slot);
    }

    private static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Ping_turns_200_and_invocations_answer_distinct_captions_with_the_model_version()
    {
        var (server, slot) = await Start();
        await using var _ = server;
        using var __ = slot;
        using (var ping = await server.Client.GetAsync("ping")) Assert.Equal(HttpStatusCode.OK, ping.StatusCode);

        using var response = await server.Client.PostAsync("invocations", Png(trained.Images[0].Png));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<InvocationResponse>())!;
        Assert.Equal(trained.Version, body.Model);
        Assert.Equal(3, body.Captions.Count);
        Assert.Equal(3, body.Captions.Distinct().Count());
        Assert.All(body.Captions, c => Assert.False(string.IsNullOrWhiteSpace(c)));

        using var five = await server.Client.PostAsync("invocations", Json(new
        {
            image = Convert.ToBase64String(trained.Images[1].Png),
            labels = new[] { new { name = "Bright", confidence = 60.0 } },
            n = 5,
            temperature = 1.0,
            topP = 0.95,
        }));
        Assert.Equal(5, (await five.Content.ReadFromJsonAsync<InvocationResponse>())!.Captions.Distinct().Count());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_answers()
    {
        var (server, slot) = await Start();
        await using var _ = server;
        using var __ = slot;
        async Task<IReadOnlyList<string>> Ask(int seed)
        {
            using var r = await server.Client.PostAsync("invocations", Json(new { image = Convert.ToBase64String(trained.Images[2].Png), seed, n = 3 }));
            return (await r.Content.ReadFromJsonAsync<InvocationResponse>())!.Captions;
        }
        Assert.Equal(await Ask(7), await Ask(7));
    }

    [Fact]
    public async Task Several_clients_at_once_are_all_served()
    {
        var (server, slot) = await Start();
        await using var _ = server;
        using var __ = slot;
        var clients = Enumerable.Range(0, 8).Select(async c =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                using var r = await server.Client.PostAsync("invocations", Png(trained.Images[(c + i) % trained.Images.Count].Png));
                statuses.Add(r.StatusCode);
                Assert.Equal(3, (await r.Content.ReadFromJsonAsync<InvocationResponse>())!.Captions.Count);
            }
            return statuses;
        });
        var all = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();
        Assert.Equal(24, all.Count);
        Assert.All(all, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task The_page_shows_answers_and_the_model_version_in_a_real_browser()
    {
        var (server, slot) = await Start();
        await using var _ = server;
        using var __ = slot;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PageTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address.ToString());

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "shape.png", MimeType = "image/png", Buffer = trained.Images[0].Png });

        await Assertions.Expect(page.Locator("#answers li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#model")).ToHaveTextAsync("model " + trained.Version);
        Assert.Equal("", await page.Locator("#error").TextContentAsync());
    }
}
