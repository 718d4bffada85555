using System.Globalization;
using System.Text.Json;
using Ogiri.Cli.Embedded;
using Ogiri.Trainer.Artifacts;
using Ogiri.Trainer.Inference;

namespace Ogiri.Cli.Commands;

/// <summary>One trained version as <c>ogiri models</c> lists it; the figures are null for a folder without metrics.json.</summary>
public sealed record ModelEntry(string Version, bool Deployed, DateTimeOffset TrainedAt, int? Pairs, int? Images, int? BestEpoch,
    double? ValidationLoss, double? ValidationMatchAccuracy, string Folder);

/// <summary><c>ogiri models</c> lists the home's model versions; <c>ogiri deploy VERSION</c> switches to one (a rollback, say).</summary>
public sealed class ModelsCommand(ConsoleIo io)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<int> ListAsync(string? home, bool json = false)
    {
        var resolved = OgiriHome.Resolve(home);
        var models = new LocalModels(resolved);
        var deployed = models.Deployed;
        var entries = models.Versions().Select(v => Describe(models, v, v == deployed)).ToList();
        if (json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(entries, Json));
            return ExitCodes.Ok;
        }
        if (entries.Count == 0)
        {
            await io.Error.WriteLineAsync($"no models in {resolved.Root} yet: 'ogiri run <csv>' trains and deploys one");
            return ExitCodes.Ok;
        }
        foreach (var e in entries)
        {
            var figures = e.Pairs is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"  {e.Pairs} pairs, {e.Images} images, best epoch {e.BestEpoch}, validation loss {e.ValidationLoss:0.000}, match accuracy {e.ValidationMatchAccuracy:0.00}");
            await io.Out.WriteLineAsync($"{(e.Deployed ? "* " : "  ")}{e.Version}  {e.TrainedAt.ToLocalTime():yyyy-MM-dd HH:mm}{figures}");
        }
        return ExitCodes.Ok;
    }

    private static ModelEntry Describe(LocalModels models, string version, bool deployed)
    {
        var folder = models.Folder(version);
        var metrics = TrainingMetricsFile.TryRead(folder);
        var best = metrics?.Epochs.FirstOrDefault(m => m.Epoch == metrics.BestEpoch);
        return new ModelEntry(version, deployed, new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(folder, ModelFolder.Config)), TimeSpan.Zero),
            metrics?.Pairs, metrics?.Images, metrics?.BestEpoch, best?.ValLoss, best?.ValMatchAccuracy, folder);
    }

    public async Task<int> DeployAsync(string? home, string version)
    {
        var models = new LocalModels(OgiriHome.Resolve(home));
        try
        {
            models.Deploy(version);
        }
        catch (ArgumentException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidModelException e)
        {
            await io.Error.WriteLineAsync($"ogiri: not deployed, {models.Deployed ?? "nothing"} stays deployed: {e.Message}");
            return ExitCodes.Failure;
        }
        await io.Out.WriteLineAsync($"deployed {version}");
        return ExitCodes.Ok;
    }
}
