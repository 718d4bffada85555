using System.Diagnostics;
using System.Globalization;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using Ogiri.Trainer.Training;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Bench;

/// <summary>
/// Measures, in one process: a large float32 matmul's FLOP/s; a training step of the default model's
/// FLOP/s (FLOPs counted analytically, see <see cref="FlopCount"/>); and the time to build a batch
/// from the image cache as a share of the step.
/// </summary>
public static class StepBenchmark
{
    public static int Run(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        TorchRuntime.Prepare(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0);
        manual_seed(1);
        Console.WriteLine($"threads {get_num_threads()}");

        var matmul = MatmulFlops(2048, 10);
        Console.WriteLine($"matmul 2048x2048x2048: {matmul / 1e9:0.0} GFLOP/s");

        var hp = Hyperparameters.Parse(args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]));
        const int captionLength = 16;
        var tokenizer = CharTokenizer.Build(["あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん猫犬車"]);
        var labels = LabelVocabulary.Build(["Red", "Blue", "Bright"]);
        var config = hp.ToModelConfig(Math.Max(tokenizer.VocabularySize, 1500), labels.Size);
        using var model = new CaptionModel(config);
        using var optimizer = optim.AdamW(model.parameters(), hp.LearningRate);
        var encoder = new ConditionEncoder(tokenizer, labels, config);
        var builder = new BatchBuilder(encoder, config);
        var random = new Random(1);
        var items = Enumerable.Range(0, 64).Select(_ =>
        {
            var pixels = new byte[3 * config.CacheSide * config.CacheSide];
            random.NextBytes(pixels);
            // A pretrained encoder's cached views: the step reads features, never pixels.
            ImageFeatures[]? views = config.UsesFeatures
                ? [.. Enumerable.Range(0, 2).Select(_ => new ImageFeatures(ModelConfig.FeatureWidth, [.. Enumerable.Range(0, config.ImageTokens * ModelConfig.FeatureWidth).Select(_ => (float)random.NextDouble())]))]
                : null;
            return new ImageItem(pixels, [new Ogiri.Contracts.Label("Red", 70), new Ogiri.Contracts.Label("Bright", 60)], "営業中", views);
        }).ToArray();
        var caption = encoder.EncodeCaption(new string('猫', captionLength - 2));
        var step = new TrainingStep(model, optimizer, hp);
        model.train();

        double loading = 0, stepping = 0;
        for (var i = -5; i < steps; i++)
        {
            var clock = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var chosen = Enumerable.Range(0, hp.BatchSize).Select(_ => items[random.Next(items.Length)]).ToArray();
            var batch = builder.Build(chosen, [.. chosen.Select(_ => caption)], new Augmentation(random, hp.LabelDropout, hp.TextDropout));
            var built = clock.Elapsed.TotalSeconds;
            step.Run(batch, hp.LearningRate);
            var total = clock.Elapsed.TotalSeconds;
            if (i < 0) continue; // warm-up
            loading += built;
            stepping += total - built;
        }
        var flops = FlopCount.TrainingStep(config, hp.BatchSize, captionLength - 1, mismatched: hp.MismatchWeight > 0);
        var stepSeconds = stepping / steps;
        var achieved = flops / stepSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training step (batch {hp.BatchSize}, {config.ImageSize} px, {captionLength - 1} tokens): {stepSeconds * 1000:0} ms, {flops / 1e9:0.00} GFLOP, {achieved / 1e9:0.0} GFLOP/s = {100 * achieved / matmul:0}% of matmul"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch from the cache: {loading / steps * 1000:0.0} ms = {100 * loading / stepping:0.0}% of the step"));
        return 0;
    }

    private static double MatmulFlops(int n, int repeats)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        using (var warm = matmul(a, b)) { }
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            using var c = matmul(a, b);
        }
        return 2.0 * n * n * n * repeats / clock.Elapsed.TotalSeconds;
    }
}
