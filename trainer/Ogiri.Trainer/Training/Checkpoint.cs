using System.Text.Json;
using Ogiri.Contracts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Training;

/// <summary>Where training stands after a finished epoch: enough, with weights and optimizer state, to go on exactly.</summary>
public sealed record TrainingState(
    string Fingerprint,
    int EpochsDone,
    int Step,
    double BestValidationLoss,
    int BestEpoch,
    int EpochsWithoutImprovement,
    IReadOnlyList<EpochMetrics> History);

/// <summary>
/// The checkpoint folder (SageMaker's <c>/opt/ml/checkpoints</c>, synced to S3): <c>last/</c> holds the
/// state after the latest epoch, <c>best.bin</c> the weights of the best validation loss so far.
/// <c>last/</c> is replaced whole (written beside, then renamed), so a kill mid-write leaves the previous one.
/// </summary>
public sealed class Checkpoint(string folder)
{
    private const string Model = "model.bin";
    private const string Optimizer = "optimizer.bin";
    private const string State = "state.json";

    private string Last => Path.Combine(folder, "last");
    public string BestWeights => Path.Combine(folder, "best.bin");

    public void Save(TrainingState state, nn.Module model, OptimizerHelper optimizer)
    {
        var partial = Path.Combine(folder, "last.partial");
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        model.save(Path.Combine(partial, Model));
        optimizer.save_state_dict(Path.Combine(partial, Optimizer));
        File.WriteAllText(Path.Combine(partial, State), JsonSerializer.Serialize(state));
        var old = Path.Combine(folder, "last.old");
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        if (Directory.Exists(Last)) Directory.Move(Last, old);
        Directory.Move(partial, Last);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    public void SaveBest(nn.Module model)
    {
        Directory.CreateDirectory(folder);
        model.save(BestWeights + ".partial");
        File.Move(BestWeights + ".partial", BestWeights, overwrite: true);
    }

    /// <summary>The saved state when there is one for this very run (same fingerprint); null otherwise.</summary>
    public TrainingState? Find(string fingerprint)
    {
        var path = Path.Combine(Last, State);
        if (!File.Exists(path)) return null;
        TrainingState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null; // a damaged checkpoint is no run to resume
        }
        return state is not null && state.Fingerprint == fingerprint ? state : null;
    }

    public void Restore(nn.Module model, OptimizerHelper optimizer)
    {
        model.load(Path.Combine(Last, Model));
        optimizer.load_state_dict(Path.Combine(Last, Optimizer));
    }
}
