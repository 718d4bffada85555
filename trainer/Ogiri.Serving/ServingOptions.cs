using Ogiri.Pipeline;
using Ogiri.Trainer.Inference;

namespace Ogiri.Serving;

/// <summary>Limits and defaults of the serving host.</summary>
/// <param name="MaxBodyBytes">Default 6 MB: SageMaker's own payload limit for real-time endpoints.</param>
/// <param name="MaxDrainBytes">
/// A body over the limit is still read (and thrown away) up to this many bytes before the 413 goes out: a client that
/// writes its whole body before reading the answer (Python's urllib, many SDKs) otherwise gets a reset connection
/// instead of the 413. Beyond it the server answers and closes.
/// </param>
public sealed record ServingOptions(
    long MaxBodyBytes = 6 * 1000 * 1000,
    long MaxDrainBytes = 64L * 1000 * 1000,
    int DefaultCount = 3,
    int MaxCount = 10,
    double DefaultTemperature = AnswerOptions.DefaultTemperature,
    double DefaultTopP = AnswerOptions.DefaultTopP,
    ImageLimits? ImageLimits = null)
{
    public ImageLimits Limits => ImageLimits ?? new ImageLimits(MaxBytes: MaxBodyBytes, MaxPixels: 40_000_000);
}
