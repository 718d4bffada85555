using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Trainer.Inference;

namespace Ogiri.Cli.Commands;

public sealed record RunRequest(string CsvPath, string? Home, bool AllowPrivateNetwork, int Concurrency, TrainingOverrides? Overrides = null);

/// <summary><c>ogiri run</c>: the main job — register the CSV, snapshot the training set, train, deploy, show a few answers.</summary>
public sealed class RunCommand(ConsoleIo io, TimeProvider clock)
{
    private const int SampleImages = 3;

    // Below this a model trained from scratch writes mostly fragments: say so rather than let the answers speak.
    private const int FewPairs = 300;

    public async Task<int> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        if (await OverridesCheck.RejectAsync(io, request.Overrides)) return ExitCodes.BadInput;
        var register = new RegisterCommand(io, clock);
        var (report, exit) = await register.RegisterAsync(
            new RegisterRequest(request.CsvPath, request.Home, request.AllowPrivateNetwork, Json: false, request.Concurrency), cancellationToken);
        if (report is null) return exit;
        await io.Out.WriteLineAsync(
            $"registered {report.Registered} new pairs ({report.Duplicates} already there, {report.Failed.Count} failed, {report.Analyses} images analysed)");
        foreach (var f in report.Failed) await io.Out.WriteLineAsync($"  line {f.Line}: {f.Reason}");

        var home = OgiriHome.Resolve(request.Home);
        var train = new TrainCommand(io, clock);
        var job = await train.SnapshotAsync(home, cancellationToken);
        if (job is null) return ExitCodes.Failure;
        var version = await train.TrainAndDeployAsync(home, job, request.Overrides ?? new TrainingOverrides(), cancellationToken);
        if (version is null) return ExitCodes.Failure;
        var folder = new LocalModels(home).Folder(version);
        // The version is the job trained: an interrupted earlier one when it was resumed.
        var pairs = await PrintSampleAnswersAsync(home, version, folder, cancellationToken);
        await io.Out.WriteLineAsync($"model {version} in {folder}:");
        await io.Out.WriteLineAsync($"  {Path.Combine(folder, ModelFolder.LossPlot)}  train and validation loss per epoch");
        await io.Out.WriteLineAsync($"  {Path.Combine(folder, ModelFolder.Gallery)}  validation pictures with their true and generated answers");
        await io.Out.WriteLineAsync("try it: ogiri serve, then open http://127.0.0.1:8080/ (or ogiri caption IMAGE)");
        if (pairs < FewPairs)
        {
            await io.Out.WriteLineAsync($"note: {pairs} pairs are few for a model that learns Japanese from scratch, so expect rough answers; " +
                "a few hundred pictures with two answers each give far better ones (README: \"Samples\" makes a practice set)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>A few of the training set's images with answers the new model writes for them; returns the training set's pair count.</summary>
    private async Task<int> PrintSampleAnswersAsync(OgiriHome home, string job, string modelFolder, CancellationToken cancellationToken)
    {
        var samples = new List<ManifestEntry>();
        var pairs = 0;
        using (var reader = new StreamReader(Path.Combine(home.Bucket, BucketLayout.Manifest(job))))
        {
            await foreach (var entry in TrainingManifest.ReadAsync(reader, TrainingManifest.FileName, cancellationToken))
            {
                pairs++;
                if (samples.Count < SampleImages && samples.All(s => s.Image != entry.Image)) samples.Add(entry);
            }
        }
        var names = await SourceNamesAsync(home, samples.Select(e => e.Image).ToHashSet(StringComparer.Ordinal), cancellationToken);
        // The same generation the endpoint serves: distinct, sane candidates reranked by the model.
        using var model = Ogiri.Serving.TrainedCaptionModel.Load(modelFolder, job);
        await io.Out.WriteLineAsync("sample answers:");
        foreach (var (entry, i) in samples.Select((e, i) => (e, i)))
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(home.Bucket, BucketLayout.Image(entry.Image)), cancellationToken);
            var answers = await model.CaptionAsync(
                new Ogiri.Serving.CaptionRequest(bytes, entry.Labels, entry.Text, Count: 3, AnswerOptions.DefaultTemperature, AnswerOptions.DefaultTopP, Seed: i), cancellationToken);
            await io.Out.WriteLineAsync($"  {names.GetValueOrDefault(entry.Image, entry.Image)} (trained on: {entry.Caption})");
            foreach (var answer in answers) await io.Out.WriteLineAsync($"    → {answer}");
        }
        return pairs;
    }

    /// <summary>The image_url each image was registered under (as the CSV wrote it), so samples are named as the user named them.</summary>
    private static async Task<Dictionary<string, string>> SourceNamesAsync(OgiriHome home, HashSet<string> imageKeys, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var table = await SqliteTrainingDataTable.OpenAsync(home.Database, cancellationToken);
        await foreach (var pair in table.ScanAsync(cancellationToken))
            if (imageKeys.Contains(pair.ImageKey)) names.TryAdd(pair.ImageKey, pair.Source);
        return names;
    }
}

/// <summary>Job names sort by time and follow SageMaker's rule <c>^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}</c>.</summary>
public static class LocalJobNames
{
    public static string Next(TimeProvider clock) =>
        "ogiri-" + clock.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
}
