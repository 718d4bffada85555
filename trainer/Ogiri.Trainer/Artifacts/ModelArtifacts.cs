using System.Text.Json;
using System.Text.Json.Serialization;
using Ogiri.Contracts;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;

namespace Ogiri.Trainer.Artifacts;

/// <summary><c>metrics.json</c>: the epochs' figures and how the run ended.</summary>
public sealed record TrainingMetricsFile(
    [property: JsonPropertyName("epochs")] IReadOnlyList<EpochMetrics> Epochs,
    [property: JsonPropertyName("bestEpoch")] int BestEpoch,
    [property: JsonPropertyName("stoppedEarly")] bool StoppedEarly,
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>camelCase throughout (the epochs too; files of earlier versions wrote those in PascalCase).</summary>
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly JsonSerializerOptions Reading = new(Json) { PropertyNameCaseInsensitive = true };

    /// <summary>The folder's metrics.json, of this version or an earlier one; null when there is none or it is unreadable.</summary>
    public static TrainingMetricsFile? TryRead(string modelFolder)
    {
        var path = Path.Combine(modelFolder, ModelFolder.Metrics);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<TrainingMetricsFile>(File.ReadAllText(path), Reading) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Everything a model folder holds besides what loading needs: config, metrics, the loss plot, the gallery.</summary>
public sealed class ModelArtifacts(OgiriModel model, Hyperparameters hyperparameters)
{
    public void Write(string folder, TrainingOutcome outcome, ValidationView validation)
    {
        Directory.CreateDirectory(folder);
        model.SaveWeightsAndVocabularies(folder);
        ModelFolder.WriteConfig(folder, model.Config, new Dictionary<string, object>
        {
            ["hyperparameters"] = hyperparameters,
            ["trainingSet"] = new { pairs = outcome.Pairs, images = outcome.Images },
        });
        var metrics = new TrainingMetricsFile(outcome.History, outcome.BestEpoch, outcome.StoppedEarly, outcome.Pairs, outcome.Images,
            Math.Round(outcome.Elapsed.TotalSeconds, 1));
        File.WriteAllText(Path.Combine(folder, ModelFolder.Metrics), JsonSerializer.Serialize(metrics, TrainingMetricsFile.Json));
        LossPlot.Write(Path.Combine(folder, ModelFolder.LossPlot), outcome.History);
        Gallery.Write(Path.Combine(folder, ModelFolder.Gallery), model, validation);
    }
}
