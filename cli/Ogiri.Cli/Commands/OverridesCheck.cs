using Ogiri.Trainer.Training;

namespace Ogiri.Cli.Commands;

/// <summary>Hyperparameter overrides checked before anything is written: a typo must not leave a training-set snapshot behind.</summary>
public static class OverridesCheck
{
    /// <summary>True (after saying why on stderr) when the overrides are unusable.</summary>
    public static async Task<bool> RejectAsync(ConsoleIo io, TrainingOverrides? overrides)
    {
        try
        {
            (overrides ?? new TrainingOverrides()).Resolve();
            return false;
        }
        catch (HyperparameterException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return true;
        }
    }
}
