using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Ogiri.Contracts;
using Ogiri.Trainer.Artifacts;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Evaluation;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Training;

/// <summary>Where a run reads and writes: the two input channels, the model folder, the checkpoint folder.</summary>
/// <param name="FeatureCache">Where a pretrained encoder's features are cached by image key; null: <c>features/</c> in the checkpoint folder.</param>
public sealed record TrainingPaths(string ManifestChannel, string ImagesChannel, string ModelDir, string CheckpointDir, string? FeatureCache = null)
{
    public string FeatureFolder => FeatureCache ?? Path.Combine(CheckpointDir, "features");
}

/// <summary>Reported after every step.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int StepInEpoch, int StepsPerEpoch, double Loss);

public sealed record TrainingOutcome(IReadOnlyList<EpochMetrics> History, int BestEpoch, bool StoppedEarly, int Pairs, int Images, TimeSpan Elapsed);

/// <summary>
/// One training run: reads the training set, splits it by image, trains with AdamW under a
/// warm-up + cosine schedule and gradient clipping, validates every epoch, checkpoints every epoch
/// (and resumes exactly from it), stops early when validation loss stops improving, and writes the
/// best weights with their artifacts to the model folder.
/// </summary>
/// <param name="imageEncoder">The frozen encoder for <c>encoder=resnet18-imagenet</c>; null: the packaged one, opened when needed.</param>
public sealed class CaptionTrainer(Hyperparameters hp, Action<string> log, IImageFeatureEncoder? imageEncoder = null)
{
    public async Task<TrainingOutcome> RunAsync(TrainingPaths paths, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TorchRuntime.Prepare(hp.Threads);
        var probe = hp.ToModelConfig(0, 0);
        var data = await TrainingSetReader.ReadAsync(paths.ManifestChannel, paths.ImagesChannel, probe.CacheSide, cancellationToken);
        var (trainImages, validationImages) = ValidationSplit.ByImage(data.ImageKeys, hp.ValidationFraction, hp.Seed);
        var trainExamples = data.ExamplesOf(trainImages);
        var validationExamples = data.ExamplesOf(validationImages);
        log($"training set: {data.Examples.Count} pairs over {data.ImageKeys.Count} images; " +
            $"{trainExamples.Length} pairs ({trainImages.Count} images) to train, {validationExamples.Length} pairs ({validationImages.Count} images) to validate");

        // Validation answers' characters are in the vocabulary too: the deployed model is the one that sees them.
        var tokenizer = CharTokenizer.Build(data.Examples.Select(e => e.Caption).Concat(data.Examples.Select(e => e.Text ?? "")));
        var labels = LabelVocabulary.Build(data.Examples.SelectMany(e => e.Labels.Select(l => l.Name)));
        var config = hp.ToModelConfig(tokenizer.VocabularySize, labels.Size);
        var views = config.UsesFeatures ? CacheFeatures(data, paths, ref config) : null;
        torch.manual_seed(hp.Seed);
        using var bundle = new OgiriModel(new CaptionModel(config), tokenizer, labels,
            new HashSet<string>(trainExamples.Select(i => CharTokenizer.Normalize(data.Examples[i].Caption)), StringComparer.Ordinal));
        var model = bundle.Network;
        if (hp.EncoderWeights is not null)
        {
            model.ResNet!.LoadTrunk(hp.EncoderWeights);
            log($"image encoder: ResNet-18 from {hp.EncoderWeights}{(hp.FreezeEncoder ? ", frozen" : ", fine-tuned")}");
        }
        if (hp.FreezeEncoder) model.ResNet!.Freeze();
        var captions = data.Examples.Select(e => bundle.Encoder.EncodeCaption(e.Caption)).ToArray();
        var items = data.Examples.Select(e => new ImageItem(data.Images.Pixels(e.Image), e.Labels, e.Text, views?[e.Image])).ToArray();

        using var optimizer = optim.AdamW(model.parameters(), hp.LearningRate, 0.9, 0.98, 1e-8, hp.WeightDecay);
        var stepsPerEpoch = (trainExamples.Length + hp.BatchSize - 1) / hp.BatchSize;
        var schedule = new LearningRateSchedule(hp.LearningRate, Math.Min(hp.WarmupSteps, stepsPerEpoch * hp.Epochs / 10 + 1), stepsPerEpoch * hp.Epochs);
        var checkpoint = new Checkpoint(paths.CheckpointDir);
        var fingerprint = RunFingerprint(paths.ManifestChannel, hp);
        var state = checkpoint.Find(fingerprint);
        if (state is not null)
        {
            checkpoint.Restore(model, optimizer);
            log($"resuming after epoch {state.EpochsDone} from {paths.CheckpointDir}");
        }
        state ??= new TrainingState(fingerprint, 0, 0, double.PositiveInfinity, 0, 0, []);

        var validation = ValidationView(data, validationExamples.Length > 0 ? validationExamples : trainExamples, items);
        var history = state.History.ToList();
        var stoppedEarly = false;
        for (var epoch = state.EpochsDone + 1; epoch <= hp.Epochs; epoch++)
        {
            if (state.EpochsWithoutImprovement >= hp.Patience)
            {
                stoppedEarly = true;
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            // Each epoch draws from its own seeds, so a run resumed at epoch k draws what an uninterrupted one would.
            torch.manual_seed(EpochSeed(epoch));
            var random = new Random((int)EpochSeed(epoch));
            var (trainLoss, step) = TrainEpoch(model, optimizer, bundle.Batches, schedule, items, captions, trainExamples, random, state.Step,
                p => progress?.Report(new TrainingProgress(epoch, hp.Epochs, p.Step, stepsPerEpoch, p.Loss)), cancellationToken);
            var validationLoss = validationExamples.Length > 0 ? Loss(model, bundle.Batches, items, captions, validationExamples) : trainLoss;
            var matchAccuracy = Evaluator.MatchAccuracy(bundle, validation.Images, validation.Pairs, (int)hp.Seed);
            var metrics = new EpochMetrics(epoch, trainLoss, validationLoss, matchAccuracy);
            history.Add(metrics);
            log(TrainingMetrics.Format(metrics));
            var improved = validationLoss < state.BestValidationLoss - 1e-4;
            if (improved) checkpoint.SaveBest(model);
            state = state with
            {
                EpochsDone = epoch,
                Step = step,
                BestValidationLoss = improved ? validationLoss : state.BestValidationLoss,
                BestEpoch = improved ? epoch : state.BestEpoch,
                EpochsWithoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1,
                History = [.. history],
            };
            checkpoint.Save(state, model, optimizer);
        }
        if (stoppedEarly || state.EpochsWithoutImprovement >= hp.Patience)
        {
            stoppedEarly = state.EpochsDone < hp.Epochs;
        }
        if (stoppedEarly) log($"stopped early: validation loss has not improved for {hp.Patience} epochs");
        if (File.Exists(checkpoint.BestWeights))
        {
            model.load(checkpoint.BestWeights);
            log($"keeping the weights of epoch {state.BestEpoch} (validation loss {state.BestValidationLoss:0.0000})");
        }

        var outcome = new TrainingOutcome(history, state.BestEpoch, stoppedEarly, data.Examples.Count, data.ImageKeys.Count, clock.Elapsed);
        new ModelArtifacts(bundle, hp).Write(paths.ModelDir, outcome, validation);
        return outcome;
    }

    /// <summary>
    /// Every image's features in every view, from the cache or, once, from the encoder: epochs only read them. The
    /// config records which encoder made them.
    /// </summary>
    private ImageFeatures[][] CacheFeatures(CaptionDataset data, TrainingPaths paths, ref ModelConfig config)
    {
        var clock = Stopwatch.StartNew();
        var owned = imageEncoder is null ? OnnxImageEncoder.Open(threads: hp.Threads) : null;
        try
        {
            var encoder = imageEncoder ?? owned!;
            var cache = new FeatureCache(paths.FeatureFolder, encoder);
            var result = new ImageFeatures[data.ImageKeys.Count][];
            for (var i = 0; i < result.Length; i++)
            {
                var pixels = data.Images.Pixels(i);
                result[i] = [.. Enum.GetValues<FeatureView>().Select(view => cache.Get(data.ImageKeys[i], () => pixels, view))];
            }
            log($"image features ({encoder.Id}): {cache.Misses} computed, {cache.Hits} from {paths.FeatureFolder}, {clock.Elapsed.TotalSeconds:0.0} s");
            config = config with { EncoderId = encoder.Id, Preprocessing = encoder.Preprocessing };
            return result;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private long EpochSeed(int epoch) => unchecked(hp.Seed * 1_000_003 + epoch) & int.MaxValue;

    private (double Loss, int Step) TrainEpoch(CaptionModel model, OptimizerHelper optimizer, BatchBuilder batches, LearningRateSchedule schedule,
        ImageItem[] items, int[][] captions, int[] examples, Random random, int step, Action<(int Step, double Loss)> report, CancellationToken cancellationToken)
    {
        model.train();
        var order = examples.ToArray();
        random.Shuffle(order);
        var augmentation = new Augmentation(random, hp.LabelDropout, hp.TextDropout);
        double lossSum = 0;
        double tokenSum = 0;
        var training = new TrainingStep(model, optimizer, hp);
        var inEpoch = 0;
        foreach (var chunk in order.Chunk(hp.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = batches.Build([.. chunk.Select(i => items[i])], [.. chunk.Select(i => captions[i])], augmentation);
            var (value, tokens) = training.Run(batch, schedule.At(step));
            lossSum += value * tokens;
            tokenSum += tokens;
            step++;
            inEpoch++;
            report((inEpoch, value));
        }
        return (tokenSum == 0 ? 0 : lossSum / tokenSum, step);
    }

    /// <summary>Mean cross-entropy per token over <paramref name="examples"/>, without augmentation.</summary>
    internal static double Loss(CaptionModel model, BatchBuilder batches, ImageItem[] items, int[][] captions, int[] examples)
    {
        model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        double tokenSum = 0;
        foreach (var chunk in examples.Chunk(64))
        {
            using var scope = NewDisposeScope();
            var batch = batches.Build([.. chunk.Select(i => items[i])], [.. chunk.Select(i => captions[i])], Augmentation.None);
            var logits = model.Forward(batch.Conditions, batch.Input);
            var (sum, count) = CaptionModel.SequenceNll(logits, batch.Target);
            lossSum += sum.sum().item<float>();
            tokenSum += count.sum().item<float>();
        }
        return tokenSum == 0 ? 0 : lossSum / tokenSum;
    }

    /// <summary>The validation images once each, with their pairs, for match accuracy and the gallery.</summary>
    private static ValidationView ValidationView(CaptionDataset data, int[] examples, ImageItem[] items)
    {
        var imageOrder = examples.Select(i => data.Examples[i].Image).Distinct().ToArray();
        var position = imageOrder.Select((image, i) => (image, i)).ToDictionary(x => x.image, x => x.i);
        var images = imageOrder.Select(image => items[examples.First(i => data.Examples[i].Image == image)]).ToArray();
        var pairs = examples.Select(i => new EvaluationPair(position[data.Examples[i].Image], data.Examples[i].Caption)).ToArray();
        var names = imageOrder.Select(i => data.ImageKeys[i]).ToArray();
        return new ValidationView(images, names, pairs);
    }

    /// <summary>Identifies a run: the training set's manifest and the hyperparameters. A checkpoint of another run is never resumed.</summary>
    public static string RunFingerprint(string manifestChannel, Hyperparameters hp)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(File.ReadAllBytes(Path.Combine(manifestChannel, TrainingManifest.FileName)));
        sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(hp));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>Validation images, their names (image keys) and their pairs.</summary>
public sealed record ValidationView(IReadOnlyList<ImageItem> Images, IReadOnlyList<string> Names, IReadOnlyList<EvaluationPair> Pairs);
