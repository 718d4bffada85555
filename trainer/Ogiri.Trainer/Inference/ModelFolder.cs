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
