using System.Text.Json;
using Ogiri.Cli.Commands;
using Ogiri.TestSupport;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>`ogiri run`, `train`, `eval`, `models` and `deploy` end to end with a tiny model, Tesseract and real images.</summary>
public sealed class RunTrainEvalTests : IDisposable
{
    private static readonly string[] Tiny =
    [
        "--set", "model_dim=32", "--set", "heads=2",
        "--set", "ff_dim=64", "--set", "decoder_layers=1", "--set", "threads=2",
    ];

    private readonly TempDir dir = new();
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();


    [Fact]
    public async Task Run_trains_and_deploys_then_eval_measures_unseen_pairs_and_deploy_rolls_back()
    {
        var train = SyntheticPairs.WriteCsv(Path.Combine(dir.Path, "train"), SyntheticPairs.Generate(SyntheticPairs.Shapes, 8, 2, seed: 1, size: 40));
        var unseen = SyntheticPairs.WriteCsv(Path.Combine(dir.Path, "eval"), SyntheticPairs.Generate(SyntheticPairs.Shapes, 4, 2, seed: 2, size: 40));

        var (exit, output, err) = await Run(["run", train, "--home", Home, "--epochs", "2", .. Tiny]);
        Assert.True(exit == 0, err + output);
        Assert.Contains("registered 16 new pairs", output, StringComparison.Ordinal);
        Assert.Contains("sample answers:", output, StringComparison.Ordinal);
        Assert.Contains("note: 16 pairs are few", output, StringComparison.Ordinal);
        Assert.Contains("epoch=2 train_loss=", err, StringComparison.Ordinal);
        var first = File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim();
        // Samples are named as the CSV names their pictures, and the run says where to look next.
        var csvImages = File.ReadAllLines(train).Skip(1).Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);
        var sampleLines = output.Split('\n').SkipWhile(l => !l.StartsWith("sample answers:", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("    ", StringComparison.Ordinal) && l.Contains(" (trained on: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sampleLines);
        Assert.All(sampleLines, l => Assert.Contains(l.Trim().Split(" (trained on: ")[0], csvImages));
        Assert.Contains(Path.Combine(Home, "models", first, "loss.png"), output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Home, "models", first, "gallery.html"), output, StringComparison.Ordinal);
        Assert.Contains("ogiri serve", output, StringComparison.Ordinal);

        (exit, output, err) = await Run(["eval", train, "--home", Home, "--json"]);
        Assert.True(exit == 0, err);
        Assert.Contains($"warning: every pair of {Path.GetFileName(train)} was in model {first}'s training set", err, StringComparison.Ordinal);
        Assert.Equal(16, JsonDocument.Parse(output).RootElement.GetProperty("pairsInTrainingSet").GetInt32());

        (exit, output, err) = await Run(["eval", unseen, "--home", Home, "--json"]);
        Assert.True(exit == 0, err);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        string[] fields = ["pairs", "candidates", "matchAccuracy", "nllTrue", "nllShuffled", "shuffledWorseFraction", "distinct2",
            "distinct2Reference", "copyRate", "copyRateReference", "unkRate", "generated", "modelVersion", "pairsInTrainingSet"];
        Assert.Equal(fields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(8, root.GetProperty("pairs").GetInt32());
        Assert.Equal(4, root.GetProperty("generated").GetArrayLength());
        Assert.Equal(0, root.GetProperty("unkRate").GetDouble());
        Assert.InRange(root.GetProperty("matchAccuracy").GetDouble(), 0, 1);
        Assert.Equal(first, root.GetProperty("modelVersion").GetString());
        Assert.Equal(0, root.GetProperty("pairsInTrainingSet").GetInt32());
        Assert.DoesNotContain("warning:", err, StringComparison.Ordinal);

        (exit, _, err) = await Run(["train", "--home", Home, "--epochs", "1", "--seed", "2", .. Tiny]);
        Assert.True(exit == 0, err);
        var second = File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim();
        Assert.NotEqual(first, second);
        (_, output, _) = await Run("models", "--home", Home);
        var listed = output.Replace("\r", "", StringComparison.Ordinal).TrimEnd().Split('\n');
        Assert.Equal(2, listed.Length);
        Assert.StartsWith($"  {first}  ", listed[0], StringComparison.Ordinal);
        Assert.StartsWith($"* {second}  ", listed[1], StringComparison.Ordinal);
        Assert.Contains("16 pairs", listed[1], StringComparison.Ordinal);

        (exit, _, _) = await Run("deploy", first, "--home", Home);
        Assert.Equal(0, exit);
        Assert.Equal(first, File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim());
        (exit, _, err) = await Run("deploy", "no-such-version", "--home", Home);
        Assert.Equal(1, exit);
        Assert.Contains("no model version 'no-such-version'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_without_a_deployed_model_says_what_to_do()
    {
        var csv = SyntheticPairs.WriteCsv(dir.Path, SyntheticPairs.Generate(SyntheticPairs.Shapes, 1, 1, seed: 1, size: 40));
        var (exit, _, err) = await Run("eval", csv, "--home", Home, "--json");
        Assert.Equal(1, exit);
        Assert.Contains("no model is deployed", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--temperature", "0", "temperature must be between 0.05 and 2")]
    [InlineData("--temperature", "2.5", "temperature must be between 0.05 and 2")]
    [InlineData("--top-p", "0", "topP must be between 0.05 and 1")]
    public async Task Eval_and_caption_refuse_sampling_settings_out_of_range(string option, string value, string message)
    {
        var csv = SyntheticPairs.WriteCsv(dir.Path, SyntheticPairs.Generate(SyntheticPairs.Shapes, 1, 1, seed: 1, size: 40));
        var image = Directory.GetFiles(dir.Path, "*.png", SearchOption.AllDirectories)[0];
        string[][] calls = [["eval", csv, "--home", Home, option, value], ["caption", image, "--home", Home, option, value]];
        foreach (var args in calls)
        {
            var (exit, _, err) = await Run(args);
            Assert.Equal(2, exit);
            Assert.Contains(message, err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Train_resumes_an_interrupted_run_of_the_same_data_and_cleans_up_checkpoints()
    {
        var csv = SyntheticPairs.WriteCsv(dir.Path, SyntheticPairs.Generate(SyntheticPairs.Shapes, 8, 2, seed: 1, size: 40));
        var (exit, _, err) = await Run("register", csv, "--home", Home);
        Assert.True(exit == 0, err);
        var checkpoints = Path.Combine(Home, "checkpoints");
        // A checkpoint left by a run on other data: it can never resume.
        var abandoned = Path.Combine(checkpoints, "ogiri-19990101-000000-000", "last");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "state.json"), "{\"Fingerprint\":\"other\",\"EpochsDone\":3}");
        var overrides = new TrainingOverrides(Epochs: 20, Seed: 3, Settings: [.. Tiny.Where((_, i) => i % 2 == 1), "patience=1000"]);

        // The first run is stopped (as Ctrl+C stops it) once it has checkpointed an epoch.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var first = new TrainCommand(new ConsoleIo(TextWriter.Null, TextWriter.Null), TimeProvider.System)
            .RunAsync(new TrainRequest(Home, overrides), stop.Token);
        var watcher = Task.Run(async () =>
        {
            while (!Directory.EnumerateFiles(checkpoints, "state.json", SearchOption.AllDirectories)
                .Any(f => !f.StartsWith(Path.GetDirectoryName(abandoned)!, StringComparison.Ordinal)))
            {
                await Task.Delay(10);
            }
            await stop.CancelAsync();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await watcher;
        var interrupted = Path.GetFileName(Directory.GetDirectories(checkpoints).Single(d => !d.EndsWith("ogiri-19990101-000000-000", StringComparison.Ordinal)));
        Assert.False(File.Exists(Path.Combine(Home, "models", "deployed")));

        var output = new StringWriter();
        var errors = new StringWriter();
        exit = await new TrainCommand(new ConsoleIo(output, errors), TimeProvider.System)
            .RunAsync(new TrainRequest(Home, overrides), CancellationToken.None);

        Assert.True(exit == 0, errors.ToString());
        Assert.Contains($"resuming the interrupted training {interrupted} after epoch ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(interrupted, File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim());
        // The finished run's checkpoint and the abandoned one are gone; so is the second, unused snapshot.
        Assert.Empty(Directory.GetDirectories(checkpoints));
        Assert.Equal([interrupted], Directory.GetDirectories(Path.Combine(Home, "bucket", "training")).Select(Path.GetFileName));
    }
}
