using Ogiri.TestSupport;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Tests;

/// <summary>The optional ResNet-18 encoder: torchvision's layout, the user's weights loaded, frozen or fine-tuned.</summary>
public sealed class ResNetEncoderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void ResNet18_has_torchvisions_names_shapes_and_size()
    {
        using var net = new ResNet18();
        var state = net.state_dict();
        // torchvision's resnet18().state_dict(): 62 parameters and 60 batch-norm buffers, 11 689 512 weights.
        Assert.Equal(122, state.Count);
        Assert.Equal(11_689_512L, net.parameters().Sum(p => p.numel()));
        Assert.Equal([64L, 3, 7, 7], state["conv1.weight"].shape);
        Assert.Equal([128L, 64, 1, 1], state["layer2.0.downsample.0.weight"].shape);
        Assert.Equal([512L], state["layer4.1.bn2.running_var"].shape);
        Assert.Equal([1000L, 512], state["fc.weight"].shape);
        Assert.Contains("bn1.num_batches_tracked", state.Keys);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("layer1.0.downsample", StringComparison.Ordinal));

        using var images = randn(2, 3, 64, 64);
        using var features = net.Features(images);
        Assert.Equal([2L, 512, 2, 2], features.shape);
    }

    [Fact]
    public async Task Frozen_the_trunk_keeps_the_users_weights_and_fine_tuned_it_learns()
    {
        var weights = Path.Combine(dir.Path, "resnet18.dat");
        manual_seed(7);
        using (var pretrained = new ResNet18()) pretrained.save(weights);
        using var expected = new ResNet18();
        expected.load(weights);

        var frozen = await Train(("encoder_weights", weights), ("freeze_encoder", "true"));
        var tuned = await Train(("encoder_weights", weights), ("freeze_encoder", "false"));

        using var frozenModel = OgiriModel.Load(frozen);
        using var tunedModel = OgiriModel.Load(tuned);
        var frozenState = frozenModel.Network.state_dict();
        var tunedState = tunedModel.Network.state_dict();
        var trunk = expected.state_dict();
        foreach (var (name, value) in trunk)
            Assert.True(value.equal(frozenState["image.backbone." + name]).all().item<bool>(), $"frozen trunk changed {name}");
        Assert.False(trunk["layer1.0.conv1.weight"].equal(tunedState["image.backbone.layer1.0.conv1.weight"]).all().item<bool>(), "a fine-tuned trunk did not train");
        Assert.False(trunk["bn1.running_mean"].equal(tunedState["image.backbone.bn1.running_mean"]).all().item<bool>(), "fine-tuned batch norm kept its statistics");
    }

    [Fact]
    public async Task A_file_that_is_not_a_ResNet18_state_dict_is_refused_by_name()
    {
        var weights = Path.Combine(dir.Path, "other.dat");
        using (var other = nn.Linear(4, 4)) other.save(weights);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Train(("encoder_weights", weights)));
        Assert.Contains(weights, error.Message, StringComparison.Ordinal);
        Assert.Contains("ResNet-18", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("encoder", "vgg", "not one of")]
    [InlineData("freeze_encoder", "maybe", "not true or false")]
    public void Bad_encoder_hyperparameters_are_named(string name, string value, string message)
    {
        var error = Assert.Throws<HyperparameterException>(() => Hyperparameters.Parse(new Dictionary<string, string> { [name] = value }));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_for_the_small_cnn_or_a_frozen_encoder_without_weights_are_refused()
    {
        Assert.Contains("need encoder=resnet18", Assert.Throws<HyperparameterException>(() =>
            Hyperparameters.Parse(new Dictionary<string, string> { ["freeze_encoder"] = "true" })).Message, StringComparison.Ordinal);
        Assert.Contains("needs encoder_weights", Assert.Throws<HyperparameterException>(() =>
            Hyperparameters.Parse(new Dictionary<string, string> { ["encoder"] = "resnet18", ["freeze_encoder"] = "true" })).Message, StringComparison.Ordinal);
        Assert.Contains("no such file", Assert.Throws<HyperparameterException>(() =>
            Hyperparameters.Parse(new Dictionary<string, string> { ["encoder"] = "resnet18", ["encoder_weights"] = "/nonexistent/r18.dat" })).Message, StringComparison.Ordinal);
    }

    private async Task<string> Train(params (string Name, string Value)[] overrides)
    {
        var name = "run" + Directory.GetDirectories(dir.Path).Length;
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 3, size: 40);
        var (manifest, imagesDir) = TrainingSets.Write(dir, images);
        var model = Path.Combine(dir.Path, name, "model");
        var hp = TrainingSets.Tiny([("encoder", "resnet18"), ("image_size", "64"), ("epochs", "1"), ("validation_fraction", "0.25"), .. overrides]);
        var trainer = new CaptionTrainer(Hyperparameters.Parse(hp), output.WriteLine);
        await trainer.RunAsync(new TrainingPaths(manifest, imagesDir, model, Path.Combine(dir.Path, name, "checkpoints")), null, CancellationToken.None);
        return model;
    }
}
