using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ogiri.Contracts;
using Ogiri.Images.Tests.Docker;
using Ogiri.TestSupport;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;

namespace Ogiri.Images.Tests;

/// <summary>The trainer image as SageMaker runs it: <c>train</c> on the channels under /opt/ml, then <c>serve</c> on the model.</summary>
[Collection(ContainerImages.Name)]
public sealed class TrainerImageTests(BuiltImages images) : IDisposable
{
    private static readonly TimeSpan TrainTimeout = TimeSpan.FromMinutes(5);
    private readonly TempDir ml = new();

    public void Dispose() => ml.Dispose();

    /// <summary>The host's folders as the container sees them: the test's folder is mounted at /opt/ml.</summary>
    private SageMakerPaths Paths => SageMakerPaths.Under(ml.Path);

    private void Hyperparameters(IReadOnlyDictionary<string, string> values) =>
        ml.Text("input/config/hyperparameters.json", JsonSerializer.Serialize(values));

    private async Task<(int Exit, DockerOutput Logs)> TrainAsync()
    {
        await using var job = await Container.StartAsync(
            images.Docker, images.Trainer, ["-v", $"{ml.Path}:{SageMakerPaths.DefaultRoot}"], ["train"], CancellationToken.None);
        var exit = await job.WaitAsync(TrainTimeout, CancellationToken.None);
        return (exit, await job.LogsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Train_writes_a_model_to_opt_ml_model_and_serve_answers_ping_and_invocations_with_its_captions()
    {
        var pictures = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 3, size: 40);
        TrainingSets.Write(ml, pictures);
        Hyperparameters(TrainingSets.Tiny(("epochs", "2")));

        var (exit, logs) = await TrainAsync();

        Assert.True(exit == SageMakerTraining.Succeeded, $"train exited with {exit}: {logs.Stdout}{logs.Stderr}");
        Assert.False(File.Exists(Paths.FailureFile));
        // SageMaker's MetricDefinitions read these lines from the job's output.
        Assert.Equal([1, 2], logs.Stdout.Split('\n').Select(TrainingMetrics.TryParse).OfType<EpochMetrics>().Select(m => m.Epoch));
        foreach (var file in new[] { ModelFolder.Weights, ModelFolder.Tokenizer, ModelFolder.Labels, ModelFolder.Config, ModelFolder.Metrics })
            Assert.True(new FileInfo(Path.Combine(Paths.ModelDir, file)).Length > 0, $"{file} is missing or empty in /opt/ml/model");

        const string version = "ogiri-test-20260101-000000-000-0001";
        var port = FreeLoopbackPort();
        await using var endpoint = await Container.StartAsync(images.Docker, images.Trainer,
            ["-v", $"{Paths.ModelDir}:{SageMakerPaths.DefaultRoot}/model:ro", "-e", $"{ModelContainer.VersionVariable}={version}"],
            ["serve", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };

        await PingedAsync(http, endpoint);
        using var png = new ByteArrayContent(pictures[0].Png);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var raw = await http.PostAsync("invocations", png);
        var answer = await JsonAsync(raw);
        Assert.Equal(version, answer["model"]!.GetValue<string>());
        var captions = answer["captions"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        // A two-epoch model knows few distinct answers: duplicates and stuck repetitions are dropped, so up to n come back.
        Assert.InRange(captions.Count, 1, 3);
        Assert.Equal(captions.Count, captions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(captions, c => Assert.False(string.IsNullOrWhiteSpace(c)));

        using var json = await http.PostAsync("invocations", new StringContent(
            JsonSerializer.Serialize(new { image = Convert.ToBase64String(pictures[1].Png), n = 2, seed = 7 }), Encoding.UTF8, "application/json"));
        Assert.InRange((await JsonAsync(json))["captions"]!.AsArray().Count, 1, 2);

        // SageMaker stops the endpoint's container with SIGTERM; a clean stop is exit code 0, not a SIGKILL (137).
        await endpoint.StopAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(0, await endpoint.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Train_with_a_bad_hyperparameter_fails_the_job_with_the_reason_in_opt_ml_output_failure()
    {
        TrainingSets.Write(ml, SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 2, answersPerImage: 1, seed: 1, size: 40));
        Hyperparameters(TrainingSets.Tiny(("epochs", "abc")));

        var (exit, _) = await TrainAsync();

        Assert.Equal(SageMakerTraining.Failed, exit);
        Assert.Contains("hyperparameter epochs='abc' is not an integer", await File.ReadAllTextAsync(Paths.FailureFile), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Paths.ModelDir, ModelFolder.Weights)));
    }

    /// <summary>Polls /ping until 200 (503 while the model loads; refused before the server listens).</summary>
    private static async Task PingedAsync(HttpClient http, Container endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ping = await http.GetAsync("ping");
                if (ping.StatusCode == HttpStatusCode.OK) return;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ping.StatusCode);
            }
            catch (HttpRequestException)
            {
                if (!await endpoint.IsRunningAsync(CancellationToken.None))
                {
                    var logs = await endpoint.LogsAsync(CancellationToken.None);
                    Assert.Fail($"serve ended before /ping answered: {logs.Stdout}{logs.Stderr}");
                }
            }
            await Task.Delay(250);
        }
        Assert.Fail("/ping did not answer 200 within two minutes");
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/invocations answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
