using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Training;
using Spectre.Console;

namespace Ogiri.Cli.Commands;

/// <summary>Hyperparameter overrides from the command line: named options plus any <c>name=value</c>.</summary>
public sealed record TrainingOverrides(int? Epochs = null, long? Seed = null, IReadOnlyList<string>? Settings = null)
{
    public Hyperparameters Resolve()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in Settings ?? [])
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new HyperparameterException($"--set '{setting}' is not name=value");
            values[setting[..eq].Trim()] = setting[(eq + 1)..];
        }
        if (Epochs is { } e) values["epochs"] = e.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Seed is { } s) values["seed"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Hyperparameters.Parse(values);
    }
}

public sealed record TrainRequest(string? Home, TrainingOverrides Overrides);

/// <summary><c>ogiri train</c>: snapshot the home's registered pairs, train on them in process, deploy the result.</summary>
public sealed class TrainCommand(ConsoleIo io, TimeProvider clock)
{
    public async Task<int> RunAsync(TrainRequest request, CancellationToken cancellationToken)
    {
        if (await OverridesCheck.RejectAsync(io, request.Overrides)) return ExitCodes.BadInput;
        var home = OgiriHome.Resolve(request.Home);
        var job = await SnapshotAsync(home, cancellationToken);
        if (job is null) return ExitCodes.Failure;
        var version = await TrainAndDeployAsync(home, job, request.Overrides, cancellationToken);
        return version is null ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>Writes a new job's training set; null (with a message) when the table is empty.</summary>
    public async Task<string?> SnapshotAsync(OgiriHome home, CancellationToken cancellationToken)
    {
        var parts = await EmbeddedParts.OpenAsync(home, new LocalImageSources(), cancellationToken);
        var job = LocalJobNames.Next(clock);
        var (pairs, images) = await parts.Snapshot().WriteAsync(job, cancellationToken);
        if (pairs == 0)
        {
            await io.Error.WriteLineAsync("ogiri: no registered pairs to train on");
            return null;
        }
        await io.Out.WriteLineAsync($"training set {job}: {pairs} pairs over {images} images");
        return job;
    }

    /// <summary>
    /// Looks at the checkpoints an earlier <c>ogiri train</c> left (killed, or stopped with Ctrl+C). One of a run on the
    /// same training set with the same hyperparameters is resumed: its job (and version name) goes on from its last
    /// epoch, and the fresh snapshot of <paramref name="job"/> is dropped. Every other checkpoint belongs to a finished
    /// run or to one that can never resume (other data or settings) and is deleted; each holds tens of MB.
    /// </summary>
    private async Task<string> ResumeOrCleanAsync(OgiriHome home, LocalModels models, string job, Hyperparameters hyperparameters)
    {
        if (!Directory.Exists(home.Checkpoints)) return job;
        var fingerprint = CaptionTrainer.RunFingerprint(Path.Combine(home.Bucket, BucketLayout.TrainingSet(job)), hyperparameters);
        var resumed = job;
        foreach (var folder in Directory.GetDirectories(home.Checkpoints).Order(StringComparer.Ordinal).Reverse())
        {
            var earlier = Path.GetFileName(folder);
            var unfinished = !File.Exists(Path.Combine(models.Folder(earlier), ModelFolder.Weights));
            if (resumed == job && unfinished && new Checkpoint(folder).Find(fingerprint) is { } state)
            {
                resumed = earlier;
                await io.Out.WriteLineAsync($"resuming the interrupted training {earlier} after epoch {state.EpochsDone} (same pairs, same settings)");
                continue;
            }
            Directory.Delete(folder, recursive: true);
        }
        if (resumed != job) Directory.Delete(Path.Combine(home.Bucket, BucketLayout.TrainingSet(job)), recursive: true);
        return resumed;
    }

    /// <summary>Trains on the job's training set into <c>models/&lt;job&gt;</c> and deploys it; the version, or null on failure.</summary>
    public async Task<string?> TrainAndDeployAsync(OgiriHome home, string job, TrainingOverrides overrides, CancellationToken cancellationToken)
    {
        Hyperparameters hyperparameters;
        try
        {
            hyperparameters = overrides.Resolve();
        }
        catch (HyperparameterException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return null;
        }
        var models = new LocalModels(home);
        var bucket = home.Bucket;
        job = await ResumeOrCleanAsync(home, models, job, hyperparameters);
        var paths = new TrainingPaths(
            Path.Combine(bucket, BucketLayout.TrainingSet(job)), Path.Combine(bucket, BucketLayout.ImagesPrefix),
            models.Folder(job), Path.Combine(home.Checkpoints, job), home.Features);
        var console = io.ErrorConsole();
        try
        {
            TrainingOutcome outcome = null!;
            await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: hyperparameters.Epochs);
                    var progress = new Progress<TrainingProgress>(p =>
                    {
                        task.Value = p.Epoch - 1 + (double)p.StepInEpoch / p.StepsPerEpoch;
                        task.Description = $"training: epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:0.000}";
                    });
                    var trainer = new CaptionTrainer(hyperparameters, line => console.WriteLine(line));
                    outcome = await trainer.RunAsync(paths, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
            models.Deploy(job);
            // The model folder now holds the best weights: the checkpoint has done its work.
            Directory.Delete(paths.CheckpointDir, recursive: true);
            await io.Out.WriteLineAsync(
                $"model {job}: trained in {outcome.Elapsed.TotalSeconds:0} s (best epoch {outcome.BestEpoch} of {outcome.History.Count}), deployed from {models.Folder(job)}");
            return job;
        }
        catch (TrainingSetException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return null;
        }
        catch (InvalidModelException e)
        {
            await io.Error.WriteLineAsync($"ogiri: the trained model was not deployed: {e.Message}");
            return null;
        }
    }
}
