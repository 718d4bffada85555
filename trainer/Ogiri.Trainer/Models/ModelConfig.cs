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
    int LabelVocabularySize)
{
    /// <summary>Side of the square feature grid the CNN leaves: a stride-2 stem (channels[0]), then one halving per stage (channels[1..]).</summary>
    [JsonIgnore]
    public int GridSide => ImageSize >> EncoderChannels.Count;

    /// <summary>Images are decoded to this side (a margin for random crops); inference takes the centre.</summary>
    [JsonIgnore]
    public int CacheSide => ImageSize + ImageSize / 8;

    [JsonIgnore]
    public int ImageTokens => GridSide * GridSide;

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
