using System.Text.Json;
using Ogiri.Contracts;
using Ogiri.Trainer.Data;

namespace Ogiri.Trainer.Training;

/// <summary>
/// The paths of SageMaker's training contract, under <c>/opt/ml</c> by default. Each can be moved
/// (options of the entry point, or environment variables) so the same code runs on any machine.
/// </summary>
public sealed record SageMakerPaths(string Hyperparameters, string ManifestChannel, string ImagesChannel, string ModelDir, string OutputDir, string CheckpointDir)
{
    public const string DefaultRoot = "/opt/ml";

    public string FailureFile => Path.Combine(OutputDir, "failure");

    public static SageMakerPaths Under(string root) => new(
        Path.Combine(root, "input", "config", "hyperparameters.json"),
        Path.Combine(root, "input", "data", TrainingChannels.Manifest),
        Path.Combine(root, "input", "data", TrainingChannels.Images),
        Path.Combine(root, "model"),
        Path.Combine(root, "output"),
        Path.Combine(root, "checkpoints"));

    /// <summary>Defaults under <c>$OGIRI_ML_ROOT</c> (else /opt/ml), then SageMaker's own SM_* variables where set.</summary>
    public static SageMakerPaths FromEnvironment(Func<string, string?> env)
    {
        var p = Under(env("OGIRI_ML_ROOT") ?? DefaultRoot);
        return p with
        {
            ManifestChannel = env("SM_CHANNEL_" + TrainingChannels.Manifest.ToUpperInvariant()) ?? p.ManifestChannel,
            ImagesChannel = env("SM_CHANNEL_" + TrainingChannels.Images.ToUpperInvariant()) ?? p.ImagesChannel,
            ModelDir = env("SM_MODEL_DIR") ?? p.ModelDir,
            OutputDir = env("SM_OUTPUT_DIR") ?? p.OutputDir,
            CheckpointDir = env("SM_CHECKPOINT_DIR") ?? p.CheckpointDir,
        };
    }
}

/// <summary>
/// <c>train</c> as SageMaker runs it: string hyperparameters, channels as folders, the model to the
/// model folder. Any failure writes its reason to <c>output/failure</c> and exits non-zero.
/// </summary>
public static class SageMakerTraining
{
    public const int Succeeded = 0;
    public const int Failed = 1;

    public static async Task<int> RunAsync(SageMakerPaths paths, Action<string> log, CancellationToken cancellationToken)
    {
        try
        {
            var hyperparameters = Hyperparameters.Parse(await ReadHyperparametersAsync(paths.Hyperparameters, cancellationToken));
            var trainer = new CaptionTrainer(hyperparameters, log);
            var outcome = await trainer.RunAsync(new TrainingPaths(paths.ManifestChannel, paths.ImagesChannel, paths.ModelDir, paths.CheckpointDir),
                progress: null, cancellationToken);
            log($"model written to {paths.ModelDir} (best epoch {outcome.BestEpoch}, {outcome.Elapsed.TotalSeconds:0} s)");
            return Succeeded;
        }
        catch (Exception e) when (e is HyperparameterException or TrainingSetException or IOException or UnauthorizedAccessException)
        {
            return await FailAsync(paths, e.Message, log);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await FailAsync(paths, $"training failed: {e.GetType().Name}: {e.Message}", log);
        }
    }

    /// <summary>SageMaker writes every value as a JSON string; numbers and booleans are accepted too, for hand-written files. No file: defaults.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadHyperparametersAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException e)
        {
            throw new HyperparameterException($"{path}: not JSON: {e.Message}");
        }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new HyperparameterException($"{path}: hyperparameters must be a JSON object");
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
    }

    private static async Task<int> FailAsync(SageMakerPaths paths, string reason, Action<string> log)
    {
        log($"error: {reason}");
        Directory.CreateDirectory(paths.OutputDir);
        await File.WriteAllTextAsync(paths.FailureFile, reason + "\n", CancellationToken.None);
        return Failed;
    }
}
