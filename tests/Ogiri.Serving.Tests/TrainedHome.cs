using Ogiri.Cli;
using Ogiri.Cli.Commands;
using Ogiri.TestSupport;

namespace Ogiri.Serving.Tests;

/// <summary>
/// A home with a really trained (small) model, made once per test class by the main job itself:
/// <c>ogiri run</c> on generated shape pictures, with a tiny network so it trains in seconds.
/// </summary>
public sealed class TrainedHome : IAsyncLifetime, IDisposable
{
    private readonly TempDir dir = new();

    public string Home => Path.Combine(dir.Path, "home");
    public string Version => new Ogiri.Cli.Embedded.LocalModels(new OgiriHome(Home)).Deployed!;
    public string ModelFolder => Path.Combine(Home, "models", Version);
    public IReadOnlyList<SyntheticImage> Images { get; private set; } = [];

    public static readonly string[] TinyNetwork =
    [
        "--set", "model_dim=64", "--set", "heads=2",
        "--set", "ff_dim=128", "--set", "decoder_layers=1", "--set", "memory_layers=1", "--set", "batch_size=16",
        "--set", "warmup_steps=10", "--set", "patience=1000",
    ];

    public async Task InitializeAsync()
    {
        Images = SyntheticPairs.Generate(SyntheticPairs.Shapes, images: 8, answersPerImage: 2, seed: 21, size: 48);
        var csv = SyntheticPairs.WriteCsv(dir.Path, Images);
        await TrainAsync(csv, epochs: 12);
    }

    /// <summary>Runs the main job again (a new model version is deployed).</summary>
    public async Task TrainAsync(string csv, int epochs)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["run", csv, "--home", Home, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "5", .. TinyNetwork];
        var exit = await Program.RunAsync(args, new ConsoleIo(stdout, stderr), TimeProvider.System, CancellationToken.None);
        if (exit != 0) throw new InvalidOperationException($"ogiri run failed ({exit}): {stderr}\n{stdout}");
    }

    public string CsvPath => Path.Combine(dir.Path, "pairs.csv");

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => dir.Dispose();
}
