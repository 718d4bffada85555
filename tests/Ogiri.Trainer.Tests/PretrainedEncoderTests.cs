using System.Text.Json.Nodes;
using Ogiri.TestSupport;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Training;
using Xunit.Abstractions;

namespace Ogiri.Trainer.Tests;

/// <summary>The default encoder in training and loading: features cached per image and view, the model folder's record of the encoder.</summary>
public sealed class PretrainedEncoderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Features_are_computed_once_per_image_and_view_and_a_second_run_reads_them_all()
    {
        using var encoder = new CountingEncoder(OnnxImageEncoder.Open(threads: 2));
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 3, size: 40);
        var features = Path.Combine(dir.Path, "features");

        await Train(images, features, encoder, ("epochs", "3"));
        // Two views per image, whatever the number of epochs: no epoch runs the encoder.
        Assert.Equal(4 * 2, encoder.Calls);
        Assert.Equal(4 * 2, Directory.GetFiles(Path.Combine(features, encoder.Id)).Length);

        await Train(images, features, encoder, ("epochs", "2"));
        Assert.Equal(4 * 2, encoder.Calls);
    }

    [Fact]
    public async Task The_model_folder_records_the_encoder_and_a_model_of_another_encoder_is_refused()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 3, size: 40);
        var model = await Train(images, Path.Combine(dir.Path, "features"), null, ("epochs", "1"));

        using (var loaded = OgiriModel.Load(model, threads: 2))
        {
            Assert.Equal(ModelConfig.Pretrained, loaded.Config.Encoder);
            Assert.Equal(loaded.ImageEncoder!.Id, loaded.Config.EncoderId);
            Assert.Contains("ResNetPreprocess.onnx", loaded.Config.Preprocessing, StringComparison.Ordinal);
            // A request's picture goes through the same encoder.
            var answers = loaded.Generate(new CaptionRequest(images[0].Png), new GenerationOptions(Count: 2, Seed: 1));
            Assert.Equal(2, answers.Count);
        }

        var config = Path.Combine(model, ModelFolder.Config);
        var root = JsonNode.Parse(File.ReadAllText(config))!;
        root["model"]!["encoderId"] = OnnxImageEncoder.Kind + "@0000000000000000";
        File.WriteAllText(config, root.ToJsonString());
        var error = Assert.Throws<InvalidModelException>(() => OgiriModel.Load(model, threads: 2));
        Assert.Contains(OnnxImageEncoder.Kind + "@0000000000000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("train it again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_from_before_the_encoder_was_recorded_loads_as_the_small_cnn()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 3, size: 40);
        var model = Path.Combine(dir.Path, "cnn", "model");
        var (manifest, imagesDir) = TrainingSets.Write(dir, images);
        await new CaptionTrainer(Hyperparameters.Parse(TrainingSets.TinyCnn(("epochs", "1"))), output.WriteLine)
            .RunAsync(new TrainingPaths(manifest, imagesDir, model, Path.Combine(dir.Path, "cnn", "checkpoints")), null, CancellationToken.None);
        var config = Path.Combine(model, ModelFolder.Config);
        var root = JsonNode.Parse(File.ReadAllText(config))!;
        var section = root["model"]!.AsObject();
        Assert.True(section.Remove("encoder"));
        section.Remove("encoderId");
        section.Remove("preprocessing");
        File.WriteAllText(config, root.ToJsonString());

        using var loaded = OgiriModel.Load(model, threads: 2);
        Assert.Equal(ModelConfig.SmallCnn, loaded.Config.Encoder);
        Assert.Null(loaded.ImageEncoder);
        Assert.NotEmpty(loaded.Generate(new CaptionRequest(images[1].Png), new GenerationOptions(Seed: 2)));
    }

    [Fact]
    public void Another_image_size_for_the_pretrained_encoder_is_refused()
    {
        var error = Assert.Throws<HyperparameterException>(() => Hyperparameters.Parse(new Dictionary<string, string> { ["image_size"] = "96" }));
        Assert.Contains("224", error.Message, StringComparison.Ordinal);
        Assert.Equal(96, Hyperparameters.Parse(new Dictionary<string, string> { ["encoder"] = "cnn" }).EffectiveImageSize);
    }

    private async Task<string> Train(IReadOnlyList<SyntheticImage> images, string features, IImageFeatureEncoder? encoder, params (string Name, string Value)[] overrides)
    {
        var name = "run" + Directory.GetDirectories(dir.Path).Length;
        var (manifest, imagesDir) = TrainingSets.Write(dir, images);
        var model = Path.Combine(dir.Path, name, "model");
        var hp = Hyperparameters.Parse(TrainingSets.Tiny([("validation_fraction", "0.25"), .. overrides]));
        await new CaptionTrainer(hp, output.WriteLine, encoder)
            .RunAsync(new TrainingPaths(manifest, imagesDir, model, Path.Combine(dir.Path, name, "checkpoints"), features), null, CancellationToken.None);
        return model;
    }

    /// <summary>The real encoder, counting how often it runs.</summary>
    private sealed class CountingEncoder(IImageFeatureEncoder inner) : IImageFeatureEncoder
    {
        public int Calls { get; private set; }
        public string Id => inner.Id;
        public string Preprocessing => inner.Preprocessing;
        public int Side => inner.Side;

        public ImageFeatures Encode(byte[] pixels)
        {
            Calls++;
            return inner.Encode(pixels);
        }

        public void Dispose() => inner.Dispose();
    }
}
