using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Trainer.Models;

/// <summary>The architecture: everything needed to build the modules before loading weights.</summary>
public sealed record ModelConfig(
    int ImageSize,
    IReadOnlyList<int> EncoderChannels,
    int ModelDim,
    int Heads,
    int MemoryLayers,
    int DecoderLayers,
    int FeedForwardDim,
    double Dropout,
    int MaxCaptionTokens,
    int MaxTextTokens,
    int MaxLabels,
    int VocabularySize,
    int LabelVocabularySize,
    string Encoder = ModelConfig.SmallCnn,
    string? EncoderId = null,
    string? Preprocessing = null)
{
    /// <summary>
    /// The packaged ImageNet ResNet-18, frozen, run by ONNX Runtime outside the network; the network reads its cached
    /// features through a <see cref="FeatureAdapter"/>. <see cref="EncoderId"/> names its exact weights and preprocessing.
    /// </summary>
    public const string Pretrained = Encoding.OnnxImageEncoder.Kind;

    /// <summary>Width of the pretrained encoder's features.</summary>
    public const int FeatureWidth = Encoding.OnnxImageEncoder.Channels;

    /// <summary>The image encoder trained from scratch (<see cref="ImageEncoder"/>).</summary>
    public const string SmallCnn = "cnn";

    /// <summary>A torchvision-compatible ResNet-18 trunk (<see cref="ResNetEncoder"/>), optionally from the user's weights.</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>
    /// Side of the square feature grid the encoder leaves: the small CNN has a stride-2 stem (channels[0]), then one
    /// halving per stage (channels[1..]); ResNet-18 divides by 32.
    /// </summary>
    [JsonIgnore]
    public int GridSide => Encoder switch
    {
        Pretrained => Encoding.OnnxImageEncoder.GridSide,
        ResNet18 => ImageSize / Models.ResNet18.Stride,
        _ => ImageSize >> EncoderChannels.Count,
    };

    /// <summary>Whether the network reads cached features of a frozen encoder rather than pixels.</summary>
    [JsonIgnore]
    public bool UsesFeatures => Encoder == Pretrained;

    /// <summary>Images are decoded to this side (a margin for random crops; none for cached features); inference takes the centre.</summary>
    [JsonIgnore]
    public int CacheSide => UsesFeatures ? ImageSize : ImageSize + ImageSize / 8;

    /// <summary>Picture tokens in the memory: the grid's cells, and the pooled vector first for the pretrained encoder.</summary>
    [JsonIgnore]
    public int ImageTokens => GridSide * GridSide + (UsesFeatures ? 1 : 0);

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
