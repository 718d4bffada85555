using System.Globalization;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Models;

namespace Ogiri.Trainer.Training;

/// <summary>Thrown when a hyperparameter is unknown or its value does not parse or is out of range.</summary>
public sealed class HyperparameterException(string message) : Exception(message);

/// <summary>
/// Everything a training run can be told. SageMaker hands hyperparameters over as strings
/// (<c>hyperparameters.json</c>), so <see cref="Parse"/> validates each with a message naming it.
/// The defaults fit a 400-image set into a few minutes on two cores.
/// </summary>
public sealed record Hyperparameters
{
    // 20 fits `ogiri run` on 400 pictures into 15 minutes on two slow shared cores (docs/benchmarks.md).
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 16;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.05;
    public int WarmupSteps { get; init; } = 100;
    public double ClipNorm { get; init; } = 1.0;
    public long Seed { get; init; } = 1;
    public double ValidationFraction { get; init; } = 0.1;
    public int Patience { get; init; } = 6;
    /// <summary>Side pictures are resized to; null: the encoder's own (224 for the pretrained one, whose graph takes only that; else 96).</summary>
    public int? ImageSize { get; init; }
    public IReadOnlyList<int> EncoderChannels { get; init; } = [32, 48, 96, 192];
    public int ModelDim { get; init; } = 256;
    public int Heads { get; init; } = 4;
    public int MemoryLayers { get; init; } = 1;
    public int DecoderLayers { get; init; } = 2;
    public int FeedForwardDim { get; init; } = 512;
    public double Dropout { get; init; } = 0.1;
    public int MaxCaptionTokens { get; init; } = 48;
    public int MaxTextTokens { get; init; } = 24;
    public int MaxLabels { get; init; } = 8;
    /// <summary>Chance, per example, of hiding the labels in training, so a caller may send an image alone.</summary>
    public double LabelDropout { get; init; } = 0.3;
    /// <summary>Chance, per example, of hiding the detected text in training.</summary>
    public double TextDropout { get; init; } = 0.3;
    /// <summary>Weight of the concept loss: the picture alone guessing the answer's characters (0: off).</summary>
    public double ConceptWeight { get; init; } = 0.5;
    /// <summary>Weight of the mismatch loss: each answer likelier with its own picture than another (0: off).</summary>
    public double MismatchWeight { get; init; } = 1.0;
    /// <summary>The gap, in mean per-token NLL, the mismatch loss asks for.</summary>
    public double MismatchMargin { get; init; } = 0.3;
    /// <summary>Intra-op threads; 0 means one per core.</summary>
    public int Threads { get; init; }
    /// <summary>The image encoder: <c>resnet18-imagenet</c> (pretrained, frozen, features cached), <c>cnn</c> (small, from scratch) or <c>resnet18</c> (from the user's weights or none).</summary>
    public string Encoder { get; init; } = ModelConfig.Pretrained;

    /// <summary>The side pictures are decoded to for the encoder chosen.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int EffectiveImageSize => ImageSize ?? (Encoder == ModelConfig.Pretrained ? OnnxImageEncoder.InputSide : 96);
    /// <summary>A torchvision ResNet-18 state dict in TorchSharp's format to start the <c>resnet18</c> encoder from.</summary>
    public string? EncoderWeights { get; init; }
    /// <summary>Keep the encoder's given weights (with <c>encoder_weights</c>) and train only the rest.</summary>
    public bool FreezeEncoder { get; init; }

    public ModelConfig ToModelConfig(int vocabularySize, int labelVocabularySize) => new(
        EffectiveImageSize, EncoderChannels, ModelDim, Heads, MemoryLayers, DecoderLayers, FeedForwardDim, Dropout,
        MaxCaptionTokens, MaxTextTokens, MaxLabels, vocabularySize, labelVocabularySize, Encoder);

    /// <summary>Parses SageMaker-style string hyperparameters over the defaults; unknown names are errors (a typo must not train for an hour with defaults).</summary>
    public static Hyperparameters Parse(IReadOnlyDictionary<string, string> values)
    {
        var h = new Hyperparameters();
        foreach (var (name, raw) in values)
        {
            var value = raw.Trim();
            h = name switch
            {
                "epochs" => h with { Epochs = Int(name, value, 1, 10_000) },
                "batch_size" => h with { BatchSize = Int(name, value, 1, 4096) },
                "learning_rate" => h with { LearningRate = Real(name, value, 1e-7, 1) },
                "weight_decay" => h with { WeightDecay = Real(name, value, 0, 1) },
                "warmup_steps" => h with { WarmupSteps = Int(name, value, 0, 1_000_000) },
                "clip_norm" => h with { ClipNorm = Real(name, value, 1e-6, 1e6) },
                "seed" => h with { Seed = Int(name, value, 0, int.MaxValue) },
                "validation_fraction" => h with { ValidationFraction = Real(name, value, 0, 0.5) },
                "patience" => h with { Patience = Int(name, value, 1, 10_000) },
                "image_size" => h with { ImageSize = Int(name, value, 32, 512) },
                "encoder_channels" => h with { EncoderChannels = IntList(name, value, 1, 1024) },
                "model_dim" => h with { ModelDim = Int(name, value, 16, 2048) },
                "heads" => h with { Heads = Int(name, value, 1, 64) },
                "memory_layers" => h with { MemoryLayers = Int(name, value, 0, 24) },
                "decoder_layers" => h with { DecoderLayers = Int(name, value, 1, 24) },
                "ff_dim" => h with { FeedForwardDim = Int(name, value, 16, 16384) },
                "dropout" => h with { Dropout = Real(name, value, 0, 0.9) },
                "max_caption_tokens" => h with { MaxCaptionTokens = Int(name, value, 4, 512) },
                "max_text_tokens" => h with { MaxTextTokens = Int(name, value, 1, 512) },
                "max_labels" => h with { MaxLabels = Int(name, value, 1, 64) },
                "label_dropout" => h with { LabelDropout = Real(name, value, 0, 1) },
                "text_dropout" => h with { TextDropout = Real(name, value, 0, 1) },
                "concept_weight" => h with { ConceptWeight = Real(name, value, 0, 10) },
                "mismatch_weight" => h with { MismatchWeight = Real(name, value, 0, 10) },
                "mismatch_margin" => h with { MismatchMargin = Real(name, value, 0, 10) },
                "threads" => h with { Threads = Int(name, value, 0, 1024) },
                "encoder" => h with { Encoder = OneOf(name, value, ModelConfig.Pretrained, ModelConfig.SmallCnn, ModelConfig.ResNet18) },
                "encoder_weights" => h with { EncoderWeights = value.Length == 0 ? null : value },
                "freeze_encoder" => h with { FreezeEncoder = Bool(name, value) },
                _ => throw new HyperparameterException($"hyperparameter '{name}' is unknown; known: {string.Join(", ", Names)}"),
            };
        }
        h.Check();
        return h;
    }

    public static IReadOnlyList<string> Names { get; } =
    [
        "epochs", "batch_size", "learning_rate", "weight_decay", "warmup_steps", "clip_norm", "seed", "validation_fraction",
        "patience", "image_size", "encoder_channels", "model_dim", "heads", "memory_layers", "decoder_layers", "ff_dim", "dropout",
        "max_caption_tokens", "max_text_tokens", "max_labels", "label_dropout", "text_dropout", "concept_weight", "mismatch_weight", "mismatch_margin", "threads",
        "encoder", "encoder_weights", "freeze_encoder",
    ];

    /// <summary>Checks the relations between values that no single value can break alone.</summary>
    public void Check()
    {
        if (ModelDim % Heads != 0)
            throw new HyperparameterException($"hyperparameter model_dim={ModelDim} is not a multiple of heads={Heads}");
        if (EncoderChannels.Count < 2)
            throw new HyperparameterException("hyperparameter encoder_channels needs at least two sizes (the stem and one stage)");
        if (Encoder == ModelConfig.Pretrained && ImageSize is { } side && side != OnnxImageEncoder.InputSide)
            throw new HyperparameterException($"hyperparameter image_size={side}: encoder={ModelConfig.Pretrained} takes {OnnxImageEncoder.InputSide} px pictures only");
        if (Encoder == ModelConfig.ResNet18)
        {
            if (EffectiveImageSize % ResNet18.Stride != 0)
                throw new HyperparameterException($"hyperparameter image_size={EffectiveImageSize} must be a multiple of {ResNet18.Stride} for encoder=resnet18");
        }
        else if (EncoderWeights is not null || FreezeEncoder)
        {
            throw new HyperparameterException($"hyperparameters encoder_weights and freeze_encoder need encoder=resnet18 (encoder={Encoder})");
        }
        if (FreezeEncoder && EncoderWeights is null)
            throw new HyperparameterException("hyperparameter freeze_encoder=true needs encoder_weights: a frozen encoder must start from trained weights");
        if (EncoderWeights is not null && !File.Exists(EncoderWeights))
            throw new HyperparameterException($"hyperparameter encoder_weights={EncoderWeights}: no such file");
        if (Encoder == ModelConfig.SmallCnn && EffectiveImageSize % (1 << EncoderChannels.Count) != 0)
            throw new HyperparameterException(
                $"hyperparameter image_size={EffectiveImageSize} must be a multiple of {1 << EncoderChannels.Count} for {EncoderChannels.Count} encoder_channels");
    }

    private static int Int(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new HyperparameterException($"hyperparameter {name}='{value}' is not an integer");
        return v >= min && v <= max ? v
            : throw new HyperparameterException($"hyperparameter {name}={v} is out of range [{min}, {max}]");
    }

    private static double Real(string name, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new HyperparameterException($"hyperparameter {name}='{value}' is not a number");
        return v >= min && v <= max ? v
            : throw new HyperparameterException($"hyperparameter {name}={value} is out of range [{min}, {max}]");
    }

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value
            : throw new HyperparameterException($"hyperparameter {name}='{value}' is not one of: {string.Join(", ", allowed)}");

    private static bool Bool(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new HyperparameterException($"hyperparameter {name}='{value}' is not true or false"),
    };

    private static int[] IntList(string name, string value, int min, int max) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => Int(name, v, min, max))];
}
