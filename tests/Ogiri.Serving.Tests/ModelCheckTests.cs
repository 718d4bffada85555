using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Ogiri.Cli;
using Ogiri.Cli.Commands;
using Ogiri.Cli.Embedded;
using Ogiri.TestSupport;

namespace Ogiri.Serving.Tests;

/// <summary>
/// A damaged model never takes the endpoint down: <c>ogiri deploy</c> refuses it, a running <c>ogiri serve</c>
/// keeps its model when one is deployed behind its back, and serve and caption on one end with one line.
/// Each test works on its own copy of a really trained home.
/// </summary>
public sealed partial class ModelCheckTests(TrainedHome trained) : IClassFixture<TrainedHome>, IDisposable
{
    private readonly TempDir dir = new();
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();

    /// <summary>A copy of the trained home's models, plus a damaged copy of the deployed one under <paramref name="broken"/>.</summary>
    private string CopyWithBroken(string broken, Action<string> damage)
    {
        var models = Path.Combine(Home, "models");
        foreach (var file in Directory.GetFiles(Path.Combine(trained.Home, "models"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(models, Path.GetRelativePath(Path.Combine(trained.Home, "models"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var folder = Path.Combine(models, broken);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(models, trained.Version))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        damage(folder);
        return folder;
    }

    private static void Truncate(string folder)
    {
        var weights = Path.Combine(folder, "model.bin");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
    }

    private static void CorruptConfig(string folder) => File.WriteAllText(Path.Combine(folder, "config.json"), "{\"model\": {\"vocabularySize\": ");

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, new ConsoleIo(stdout, stderr), TimeProvider.System, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("truncated", "model.bin is truncated")]
    [InlineData("badconfig", "a JSON file is damaged")]
    public async Task Deploy_refuses_a_damaged_model_and_the_deployed_one_stays(string broken, string expected)
    {
        CopyWithBroken(broken, broken == "truncated" ? Truncate : CorruptConfig);
        var models = new LocalModels(new OgiriHome(Home));
        Assert.Equal(trained.Version, models.Deployed);

        var (exit, _, err) = await Run("deploy", broken, "--home", Home);

        Assert.Equal(1, exit);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"ogiri: not deployed, {trained.Version} stays deployed: the model in ", err, StringComparison.Ordinal);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.Equal(trained.Version, models.Deployed);
    }

    [Fact]
    public async Task A_truncated_model_deployed_under_a_running_serve_leaves_it_serving_the_old_one()
    {
        CopyWithBroken("truncated", Truncate);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var serving = new ServeCommand(new ConsoleIo(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr)))
            .RunAsync(new ServeRequest(Home, "127.0.0.1", 0, TimeSpan.FromMilliseconds(50)), stop.Token);
        Uri? address = null;
        while (address is null)
        {
            Assert.False(serving.IsCompleted, "serve ended early: " + stderr);
            lock (stdout) if (Served().Match(stdout.ToString()) is { Success: true } m) address = new Uri(m.Groups[1].Value);
            await Task.Delay(50);
        }
        using var client = new HttpClient { BaseAddress = address };

        // Deployed behind the command's back (as a copy or a hand edit would), not through `ogiri deploy`.
        File.WriteAllText(Path.Combine(Home, "models", "deployed"), "truncated\n");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!stderr.ToString().Contains("truncated", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(50);

        using var ping = await client.GetAsync("ping");
        var content = new ByteArrayContent(trained.Images[0].Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var answer = await client.PostAsync("invocations", content);
        await stop.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Contains(trained.Version, await ping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(trained.Version, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"model.bin is truncated; still serving {trained.Version}", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_and_caption_on_a_damaged_deployed_model_end_with_one_line()
    {
        CopyWithBroken("truncated", Truncate);
        File.WriteAllText(Path.Combine(Home, "models", "deployed"), "truncated\n");
        var image = dir.File("a.png", trained.Images[0].Png);

        var (serveExit, serveOut, serveErr) = await Run("serve", "--home", Home, "--port", "0");
        var (captionExit, captionOut, captionErr) = await Run("caption", image, "--home", Home);

        Assert.Equal((1, ""), (serveExit, serveOut));
        Assert.Single(serveErr.Trim().Split('\n'));
        Assert.Contains("model.bin is truncated", serveErr, StringComparison.Ordinal);
        Assert.Equal((1, ""), (captionExit, captionOut));
        Assert.Single(captionErr.Trim().Split('\n'));
        Assert.Contains("model.bin is truncated", captionErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_container_serve_on_a_corrupt_config_stops_with_exit_1_instead_of_crashing()
    {
        var folder = CopyWithBroken("badconfig", CorruptConfig);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var exit = await Ogiri.Trainer.Host.ServeCommand.RunAsync(new ListenAddress("127.0.0.1", 0), folder, "badconfig", timeout.Token);

        Assert.Equal(1, exit);
        Assert.False(timeout.IsCancellationRequested);
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Served();
}
