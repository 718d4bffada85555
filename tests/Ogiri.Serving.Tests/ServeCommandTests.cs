using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Ogiri.Cli;
using Ogiri.Cli.Commands;
using Ogiri.Serving;

namespace Ogiri.Serving.Tests;

/// <summary><c>ogiri serve</c> on a home: serves the deployed model and switches when a new one is deployed.</summary>
public sealed partial class ServeCommandTests(TrainedHome trained) : IClassFixture<TrainedHome>
{
    [Fact]
    public async Task Switches_to_a_newly_deployed_model_without_failing_requests_in_flight()
    {
        var stdout = new SynchronizedWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var serving = new ServeCommand(new ConsoleIo(stdout, TextWriter.Null))
            .RunAsync(new ServeRequest(trained.Home, "127.0.0.1", 0, TimeSpan.FromMilliseconds(100)), stop.Token);
        Uri? address = null;
        while (address is null)
        {
            Assert.False(serving.IsCompleted, "serve ended early: " + stdout);
            if (Served().Match(stdout.ToString()) is { Success: true } m) address = new Uri(m.Groups[1].Value);
            await Task.Delay(50);
        }
        using var client = new HttpClient { BaseAddress = address };
        async Task<(HttpStatusCode Status, string? Model)> Ask()
        {
            var content = new ByteArrayContent(trained.Images[0].Png);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var r = await client.PostAsync("invocations", content);
            return (r.StatusCode, r.IsSuccessStatusCode ? (await r.Content.ReadFromJsonAsync<InvocationResponse>())!.Model : null);
        }
        var first = trained.Version;
        while ((await Ask()).Model != first) await Task.Delay(100);

        // Requests keep coming while a new version is trained and deployed.
        using var load = new CancellationTokenSource();
        var answers = new List<(HttpStatusCode, string?)>();
        var traffic = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                var answer = await Ask();
                lock (answers) answers.Add(answer);
            }
        });
        await trained.TrainAsync(trained.CsvPath, epochs: 2);
        var second = trained.Version;
        Assert.NotEqual(first, second);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? Latest() { lock (answers) return answers.LastOrDefault().Item2; }
        while (Latest() != second && DateTime.UtcNow < deadline) await Task.Delay(100);
        await load.CancelAsync();
        await traffic;
        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Item1));
        Assert.Contains(answers, a => a.Item2 == first);
        Assert.Equal(second, answers[^1].Item2);
        Assert.Contains($"switched to model {second}", stdout.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Served();

    /// <summary>The command writes from its own task while the test reads.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock gate = new();
        public override void Write(char value) { lock (gate) base.Write(value); }
        public override void Write(string? value) { lock (gate) base.Write(value); }
        public override void WriteLine(string? value) { lock (gate) base.WriteLine(value); }
        public override Task WriteLineAsync(string? value) { WriteLine(value); return Task.CompletedTask; }
        public override string ToString() { lock (gate) return base.ToString(); }
    }
}
