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
    [property: JsonPropertyName("seconds")] double Seconds);

/// <summary>Everything a model folder holds besides what loading needs: config, metrics, the loss plot, the gallery.</summary>
public sealed class ModelArtifacts(OgiriModel model, Hyperparameters hyperparameters)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

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
        File.WriteAllText(Path.Combine(folder, ModelFolder.Metrics), JsonSerializer.Serialize(metrics, Json));
        LossPlot.Write(Path.Combine(folder, ModelFolder.LossPlot), outcome.History);
        Gallery.Write(Path.Combine(folder, ModelFolder.Gallery), model, validation);
    }
}
