using Ogiri.Pipeline;
using Ogiri.Trainer.Inference;

namespace Ogiri.Serving;

/// <summary>Limits and defaults of the serving host.</summary>
/// <param name="MaxBodyBytes">Default 6 MB: SageMaker's own payload limit for real-time endpoints.</param>
public sealed record ServingOptions(
    long MaxBodyBytes = 6 * 1000 * 1000,
    int DefaultCount = 3,
    int MaxCount = 10,
    double DefaultTemperature = AnswerOptions.DefaultTemperature,
    double DefaultTopP = AnswerOptions.DefaultTopP,
    ImageLimits? ImageLimits = null)
{
    public ImageLimits Limits => ImageLimits ?? new ImageLimits(MaxBytes: MaxBodyBytes, MaxPixels: 40_000_000);
}
