using System.Text.Json;
using System.Text.Json.Nodes;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;

namespace Ogiri.Trainer.Inference;

/// <summary>The files of a model folder (SageMaker's <c>/opt/ml/model</c>, or a local <c>models/&lt;version&gt;/</c>).</summary>
public static class ModelFolder
{
    public const string Weights = "model.bin";
    public const string Config = "config.json";
    public const string TrainingAnswers = "training-answers.json";
    public const string Metrics = "metrics.json";
    public const string LossPlot = "loss.png";
    public const string Gallery = "gallery.html";
    public static string Tokenizer => CharTokenizer.FileName;
    public static string Labels => LabelVocabulary.FileName;

    /// <summary>config.json: the architecture under "model" (what loading needs), and whatever else describes the run.</summary>
    public static void WriteConfig(string folder, ModelConfig model, IReadOnlyDictionary<string, object> extra)
    {
        var root = new JsonObject { ["model"] = JsonSerializer.SerializeToNode(model, ModelConfig.Json) };
        foreach (var (key, value) in extra) root[key] = JsonSerializer.SerializeToNode(value, value.GetType(), ModelConfig.Json);
        File.WriteAllText(Path.Combine(folder, Config), root.ToJsonString(ModelConfig.Json));
    }

    public static ModelConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, Config);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder} is not a model folder: {Config} is missing", path);
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty");
        return root["model"].Deserialize<ModelConfig>(ModelConfig.Json) ?? throw new InvalidDataException($"{path}: no \"model\" section");
    }
}

/// <summary>
/// A model folder that cannot be used: a file missing, truncated or not what it should be. The message names the
/// folder and the problem in one line; nothing of it is served or deployed.
/// </summary>
public sealed class InvalidModelException : Exception
{
    public InvalidModelException(string message) : base(message) { }
    public InvalidModelException() { }
    public InvalidModelException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The folder could not be loaded because of <paramref name="inner"/>.</summary>
    public static InvalidModelException For(string folder, Exception inner) =>
        new($"the model in {folder} cannot be loaded: {Describe(inner)}", inner);

    private static string Describe(Exception e) => e switch
    {
        EndOfStreamException => $"{ModelFolder.Weights} is truncated",
        System.Text.Json.JsonException j => $"a JSON file is damaged ({j.Message.Split('.')[0]})",
        _ => e.Message.Split('\n')[0].Trim(),
    };
}
