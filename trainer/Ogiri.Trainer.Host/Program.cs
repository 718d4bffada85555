using System.CommandLine;
using Ogiri.Trainer.Training;

namespace Ogiri.Trainer.Host;

/// <summary>
/// <c>ogiri-trainer train</c>: SageMaker runs the container with the argument <c>train</c>. Paths default
/// to /opt/ml (or $OGIRI_ML_ROOT, and SageMaker's SM_* variables); each option moves one of them.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => Build().Parse(args).InvokeAsync();

    public static RootCommand Build()
    {
        var root = new Option<string?>("--root") { Description = "Folder that stands for /opt/ml" };
        var hyperparameters = new Option<string?>("--hyperparameters") { Description = "hyperparameters.json (default: <root>/input/config/hyperparameters.json)" };
        var manifest = new Option<string?>("--manifest") { Description = "The manifest channel's folder" };
        var images = new Option<string?>("--images") { Description = "The images channel's folder" };
        var model = new Option<string?>("--model-dir") { Description = "Where the model is written" };
        var output = new Option<string?>("--output-dir") { Description = "Where the failure file goes" };
        var checkpoints = new Option<string?>("--checkpoint-dir") { Description = "Checkpoints: written every epoch, resumed from when present" };
        var train = new Command("train", "Train a caption model on the input channels") { root, hyperparameters, manifest, images, model, output, checkpoints };
        train.SetAction((r, ct) =>
        {
            var defaults = r.GetValue(root) is { } folder ? SageMakerPaths.Under(folder) : SageMakerPaths.FromEnvironment(Environment.GetEnvironmentVariable);
            var paths = new SageMakerPaths(
                r.GetValue(hyperparameters) ?? defaults.Hyperparameters,
                r.GetValue(manifest) ?? defaults.ManifestChannel,
                r.GetValue(images) ?? defaults.ImagesChannel,
                r.GetValue(model) ?? defaults.ModelDir,
                r.GetValue(output) ?? defaults.OutputDir,
                r.GetValue(checkpoints) ?? defaults.CheckpointDir);
            return SageMakerTraining.RunAsync(paths, Console.WriteLine, ct);
        });
        return new RootCommand("Ogiri caption model: the training container's entry point") { train };
    }
}
