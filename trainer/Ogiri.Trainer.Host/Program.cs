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
        var listenHost = new Option<string>("--host") { Description = "Address to listen on (SageMaker connects from outside the container)", DefaultValueFactory = _ => "0.0.0.0" };
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8080 };
        var serve = new Command("serve", "Serve the model in the model folder: GET /ping, POST /invocations") { root, model, listenHost, port };
        serve.SetAction((r, ct) =>
        {
            var defaults = r.GetValue(root) is { } folder ? SageMakerPaths.Under(folder) : SageMakerPaths.FromEnvironment(Environment.GetEnvironmentVariable);
            var modelDir = r.GetValue(model) ?? defaults.ModelDir;
            var version = Environment.GetEnvironmentVariable(Ogiri.Contracts.ModelContainer.VersionVariable) is { Length: > 0 } v ? v : Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDir));
            return ServeCommand.RunAsync(new Ogiri.Serving.ListenAddress(r.GetValue(listenHost)!, r.GetValue(port)), modelDir, version, ct);
        });
        return new RootCommand("Ogiri caption model: the trainer image's entry point") { train, serve };
    }
}
