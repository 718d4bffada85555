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
    string Encoder = ModelConfig.SmallCnn)
{
    /// <summary>The image encoder trained from scratch (<see cref="ImageEncoder"/>).</summary>
    public const string SmallCnn = "cnn";

    /// <summary>A torchvision-compatible ResNet-18 trunk (<see cref="ResNetEncoder"/>), optionally from the user's weights.</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>
    /// Side of the square feature grid the encoder leaves: the small CNN has a stride-2 stem (channels[0]), then one
    /// halving per stage (channels[1..]); ResNet-18 divides by 32.
    /// </summary>
    [JsonIgnore]
    public int GridSide => Encoder == ResNet18 ? ImageSize / Models.ResNet18.Stride : ImageSize >> EncoderChannels.Count;

    /// <summary>Images are decoded to this side (a margin for random crops); inference takes the centre.</summary>
    [JsonIgnore]
    public int CacheSide => ImageSize + ImageSize / 8;

    [JsonIgnore]
    public int ImageTokens => GridSide * GridSide;

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
