using Ogiri.Contracts;
using Xunit.Abstractions;
using Ogiri.TestSupport;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Tests;

/// <summary>The training loop on real TorchSharp with small models and generated images.</summary>
public sealed class TrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir dir = new();
    private readonly List<string> log = [];

    public void Dispose() => dir.Dispose();

    private async Task<TrainingOutcome> Train(IReadOnlyList<SyntheticImage> images, IReadOnlyDictionary<string, string> hp, string name = "run",
        Action<string>? onLog = null, CancellationToken cancellationToken = default)
    {
        var (manifest, imagesDir) = TrainingSets.Write(dir, images);
        var paths = new TrainingPaths(manifest, imagesDir, Path.Combine(dir.Path, name, "model"), Path.Combine(dir.Path, name, "checkpoints"));
        var trainer = new CaptionTrainer(Hyperparameters.Parse(hp), line => { log.Add(line); output.WriteLine(line); onLog?.Invoke(line); });
        return await trainer.RunAsync(paths, null, cancellationToken);
    }

    [Fact]
    public async Task The_model_overfits_a_tiny_set_to_near_zero_loss()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 1, seed: 3, size: 40);
        var outcome = await Train(images, TrainingSets.TinyCnn(("epochs", "150"), ("validation_fraction", "0"), ("dropout", "0"),
            ("label_dropout", "0"), ("text_dropout", "0"), ("learning_rate", "0.003"), ("patience", "1000"), ("weight_decay", "0")));

        Assert.True(outcome.History[^1].TrainLoss < 0.05, $"final train loss {outcome.History[^1].TrainLoss}");
        Assert.True(outcome.History[0].TrainLoss > 2, $"first train loss {outcome.History[0].TrainLoss}");
        using var model = OgiriModel.Load(Path.Combine(dir.Path, "run", "model"));
        foreach (var image in images)
        {
            var answer = model.Generate(new CaptionRequest(image.Png, [new Label("Bright", 60)]), new GenerationOptions(Temperature: 0))[0];
            Assert.Equal(Text.CharTokenizer.Normalize(image.Answers[0]), answer);
        }

        // What a user gets from this model that knows its four answers by heart: new answers, first.
        var item = model.Prepare(new CaptionRequest(images[0].Png, [new Label("Bright", 60)]));
        var answers = AnswerWriter.Write(model, item, new AnswerOptions(Count: 3, Seed: 5));
        Assert.Equal(3, answers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(answers, a => Assert.False(model.IsTrainingAnswer(a), $"'{a}' is a training answer"));
        Assert.Equal(answers, AnswerWriter.Write(model, item, new AnswerOptions(Count: 3, Seed: 5)));
    }

    [Theory]
    [InlineData("ねこねこねこ", true)]
    [InlineData("あああああ", true)]
    [InlineData("2000年の猫", false)]
    [InlineData("ねこが会議に遅刻", false)]
    public void A_stuck_decoder_is_told_from_an_answer(string text, bool degenerate) =>
        Assert.Equal(degenerate, AnswerWriter.IsDegenerate(text));

    [Fact]
    public async Task Every_epoch_prints_a_metric_line_the_metric_definitions_match()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 8, answersPerImage: 2, seed: 5, size: 40);
        await Train(images, TrainingSets.TinyCnn(("epochs", "2"), ("validation_fraction", "0.25")));

        var metrics = log.Select(TrainingMetrics.TryParse).OfType<EpochMetrics>().ToList();
        Assert.Equal([1, 2], metrics.Select(m => m.Epoch));
        Assert.All(metrics, m => Assert.InRange(m.ValMatchAccuracy, 0, 1));
        Assert.All(metrics, m => Assert.True(m.ValLoss > 0 && m.TrainLoss > 0));
        foreach (var file in new[] { ModelFolder.Weights, ModelFolder.Config, ModelFolder.Tokenizer, ModelFolder.Labels, ModelFolder.Metrics, ModelFolder.LossPlot, ModelFolder.Gallery })
            Assert.True(File.Exists(Path.Combine(dir.Path, "run", "model", file)), file);
        var gallery = File.ReadAllText(Path.Combine(dir.Path, "run", "model", ModelFolder.Gallery));
        Assert.Contains("data:image/png;base64,", gallery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_resumed_from_its_checkpoint_ends_with_the_weights_of_an_uninterrupted_run()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 8, answersPerImage: 2, seed: 7, size: 40);
        var hp = TrainingSets.TinyCnn(("epochs", "4"), ("validation_fraction", "0.25"), ("patience", "100"));

        await Train(images, hp, "whole");
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Train(images, hp, "resumed", line => { if (line.StartsWith("epoch=2 ", StringComparison.Ordinal)) cancel.Cancel(); }, cancel.Token));
        Assert.False(File.Exists(Path.Combine(dir.Path, "resumed", "model", ModelFolder.Weights)));
        log.Clear();
        await Train(images, hp, "resumed");

        Assert.Contains(log, l => l.StartsWith("resuming after epoch 2", StringComparison.Ordinal));
        Assert.Equal([3, 4], log.Select(TrainingMetrics.TryParse).OfType<EpochMetrics>().Select(m => m.Epoch));
        using var whole = OgiriModel.Load(Path.Combine(dir.Path, "whole", "model"));
        using var resumed = OgiriModel.Load(Path.Combine(dir.Path, "resumed", "model"));
        var a = whole.Network.state_dict();
        var b = resumed.Network.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.True(a[key].equal(b[key]).all().item<bool>(), $"{key} differs");
    }

    [Fact]
    public async Task Save_then_load_gives_identical_outputs()
    {
        var images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 4, answersPerImage: 2, seed: 9, size: 40);
        await Train(images, TrainingSets.TinyCnn(("epochs", "1"), ("validation_fraction", "0.25")));
        var folder = Path.Combine(dir.Path, "run", "model");
        var again = Path.Combine(dir.Path, "again");

        using var first = OgiriModel.Load(folder);
        first.SaveWeightsAndVocabularies(again);
        File.Copy(Path.Combine(folder, ModelFolder.Config), Path.Combine(again, ModelFolder.Config));
        using var second = OgiriModel.Load(again);

        var request = new CaptionRequest(images[0].Png, [new Label("Bright", 60)], "看板");
        Assert.Equal(first.Score(request, images.SelectMany(i => i.Answers).ToList()), second.Score(request, images.SelectMany(i => i.Answers).ToList()));
        var options = new GenerationOptions(Count: 3, Temperature: 1, TopP: 0.9, Seed: 4);
        Assert.Equal(first.Generate(request, options), second.Generate(request, options));
        using var _ = no_grad();
        using var prepared = first.Batches.Conditions([first.Prepare(request)], Data.Augmentation.None).Images;
        Assert.Equal(3, prepared.shape[1]);
    }

    [Fact]
    public async Task Grounding_new_images_get_the_answer_naming_their_shape_far_above_chance()
    {
        var shapes = SyntheticPairs.Shapes.Take(4).ToList();
        var train = SyntheticPairs.Generate(shapes, images: 96, answersPerImage: 2, seed: 11, size: 40);
        await Train(train, TrainingSets.TinyCnn(("epochs", "30"), ("validation_fraction", "0.1"), ("patience", "100"), ("learning_rate", "0.002")));
        using var model = OgiriModel.Load(Path.Combine(dir.Path, "run", "model"));

        var unseen = SyntheticPairs.Generate(shapes, images: 40, answersPerImage: 1, seed: 12345, size: 40);
        var right = 0;
        foreach (var image in unseen)
        {
            // The same joke about each shape: only the picture can tell which one fits.
            var candidates = shapes.Select(s => $"{s.Name}が会議に遅刻した").ToList();
            var scores = model.Score(new CaptionRequest(image.Png, [new Label("Bright", 60)]), candidates);
            var chosen = Array.IndexOf(scores, scores.Min());
            if (shapes[chosen] == image.Thing) right++;
        }
        var accuracy = right / (double)unseen.Count;
        Assert.True(accuracy >= 0.6, $"accuracy {accuracy:0.00} over {unseen.Count} unseen images (chance 0.25)");
    }
}
