using Ogiri.Trainer.Inference;

namespace Ogiri.Cli.Embedded;

/// <summary>
/// The home's trained models: one folder per version under <c>models/</c> (the version is the
/// training job's name, so versions sort by time), and <c>models/deployed</c> naming the one in use.
/// Older versions stay, so deploying an earlier one is a rollback.
/// </summary>
public sealed class LocalModels(OgiriHome home)
{
    private string DeployedFile => Path.Combine(home.Models, "deployed");

    public string Folder(string version) => Path.Combine(home.Models, version);

    public IReadOnlyList<string> Versions() => !Directory.Exists(home.Models) ? []
        : [.. Directory.GetDirectories(home.Models)
            .Where(d => File.Exists(Path.Combine(d, ModelFolder.Weights)) && File.Exists(Path.Combine(d, ModelFolder.Config)))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public string? Deployed => File.Exists(DeployedFile) ? File.ReadAllText(DeployedFile).Trim() is { Length: > 0 } v ? v : null : null;

    /// <summary>
    /// Makes <paramref name="version"/> the deployed model (the switch is one atomic rename), once it has loaded
    /// whole: a damaged model throws <see cref="InvalidModelException"/> and the deployed one stays.
    /// </summary>
    public void Deploy(string version)
    {
        if (!Versions().Contains(version, StringComparer.Ordinal))
            throw new ArgumentException($"no model version '{version}' in {home.Models}");
        OgiriModel.Verify(Folder(version));
        var partial = DeployedFile + ".partial";
        File.WriteAllText(partial, version + "\n");
        File.Move(partial, DeployedFile, overwrite: true);
    }

    /// <summary>The deployed model's folder; a clear error when nothing is deployed yet.</summary>
    public string DeployedFolder() => Deployed is { } version && Directory.Exists(Folder(version))
        ? Folder(version)
        : throw new InvalidOperationException($"no model is deployed in {home.Root}: run 'ogiri run <csv>' or 'ogiri train' first");
}
