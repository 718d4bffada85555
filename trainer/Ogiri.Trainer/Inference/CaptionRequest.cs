using Ogiri.Contracts;

namespace Ogiri.Trainer.Inference;

/// <summary>An image (encoded bytes: JPEG, PNG, WebP, GIF) and, optionally, its labels and detected text.</summary>
public sealed record CaptionRequest(ReadOnlyMemory<byte> Image, IReadOnlyList<Label>? Labels = null, string? Text = null);

/// <summary>How answers are sampled. Temperature 0 picks the likeliest character at each step.</summary>
/// <param name="TopP">Nucleus sampling: keep the smallest set of characters whose probability reaches this.</param>
public sealed record GenerationOptions(int Count = 1, double Temperature = 0.9, double TopP = 0.95, int Seed = 0)
{
    public void Check()
    {
        if (Count is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(Count), Count, "count must be between 1 and 64");
        if (Temperature is < 0 or > 5 || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be between 0 and 5");
        if (TopP is <= 0 or > 1 || !double.IsFinite(TopP)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "topP must be in (0, 1]");
    }
}
