using Ogiri.Contracts;
using Ogiri.TestSupport;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;

namespace Ogiri.Trainer.Tests;

/// <summary>`train` under SageMaker's contract: a model folder on success, a failure file and a non-zero exit otherwise.</summary>
public sealed class SageMakerTrainingTests : IDisposable
{
    private readonly TempDir dir = new();
    private SageMakerPaths Paths => SageMakerPaths.Under(dir.Path);

    public void Dispose() => dir.Dispose();

    private void Hyperparameters(string json) => dir.Text("input/config/hyperparameters.json", json);

    private async Task<string> Failure()
    {
        var exit = await SageMakerTraining.RunAsync(Paths, _ => { }, CancellationToken.None);
        Assert.Equal(SageMakerTraining.Failed, exit);
        Assert.False(File.Exists(Path.Combine(Paths.ModelDir, ModelFolder.Weights)));
        return File.ReadAllText(Paths.FailureFile).Trim();
    }

    [Fact]
    public async Task Trains_from_the_opt_ml_layout_with_string_hyperparameters()
    {
        TrainingSets.Write(dir, SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 1, size: 40));
        Hyperparameters("{" + string.Join(",", TrainingSets.Tiny(("epochs", "1")).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}");
        var lines = new List<string>();

        var exit = await SageMakerTraining.RunAsync(Paths, lines.Add, CancellationToken.None);

        Assert.Equal(SageMakerTraining.Succeeded, exit);
        Assert.False(File.Exists(Paths.FailureFile));
        Assert.Single(lines, l => TrainingMetrics.TryParse(l) is not null);
        Assert.True(File.Exists(Path.Combine(Paths.ModelDir, ModelFolder.Weights)));
        Assert.True(Directory.Exists(Path.Combine(Paths.CheckpointDir, "last")));
    }

    [Theory]
    [InlineData("{\"epochs\": \"abc\"}", "hyperparameter epochs='abc' is not an integer")]
    [InlineData("{\"learning_rate\": \"-1\"}", "hyperparameter learning_rate=-1 is out of range [1E-07, 1]")]
    [InlineData("{\"epoch\": \"3\"}", "hyperparameter 'epoch' is unknown; known: epochs,")]
    [InlineData("{\"model_dim\": \"100\", \"heads\": \"3\"}", "hyperparameter model_dim=100 is not a multiple of heads=3")]
    [InlineData("[1, 2]", "hyperparameters must be a JSON object")]
    public async Task Bad_hyperparameters_fail_with_a_reason_naming_them(string json, string reason)
    {
        TrainingSets.Write(dir, SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 2, answersPerImage: 1, seed: 1, size: 40));
        Hyperparameters(json);
        Assert.Contains(reason, await Failure(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_training_set_fails_clearly()
    {
        dir.Text("input/data/manifest/manifest.jsonl", "");
        Directory.CreateDirectory(Paths.ImagesChannel);
        Assert.Equal("the training set is empty: manifest.jsonl holds no pairs", await Failure());
    }

    [Fact]
    public async Task A_corrupt_manifest_line_fails_with_its_line_number()
    {
        TrainingSets.Write(dir, SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 1, answersPerImage: 1, seed: 1, size: 40));
        File.AppendAllText(Path.Combine(Paths.ManifestChannel, TrainingManifest.FileName), "{\"image\": \"x.png\", \"caption\": \n");
        Assert.StartsWith("manifest.jsonl:2: not a manifest entry", await Failure(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_image_fails_naming_the_image()
    {
        TrainingSets.Write(dir, SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 1, answersPerImage: 1, seed: 1, size: 40));
        var image = Directory.GetFiles(Paths.ImagesChannel).Single();
        File.WriteAllBytes(image, [1, 2, 3, 4]);
        var failure = await Failure();
        Assert.Contains(Path.GetFileName(image), failure, StringComparison.Ordinal);
        Assert.Contains("does not decode", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_channel_fails_naming_it()
    {
        dir.Text("input/data/manifest/manifest.jsonl", TrainingManifest.ToLine(new ManifestEntry("a.png", "答え", [], null)) + "\n");
        Assert.StartsWith("input channel 'images' is missing", await Failure(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_missing_from_its_channel_fails_with_the_manifest_line()
    {
        dir.Text("input/data/manifest/manifest.jsonl", TrainingManifest.ToLine(new ManifestEntry("a.png", "答え", [], null)) + "\n");
        Directory.CreateDirectory(Paths.ImagesChannel);
        Assert.StartsWith("manifest.jsonl:1: image 'a.png' is not in the images channel", await Failure(), StringComparison.Ordinal);
    }
}
