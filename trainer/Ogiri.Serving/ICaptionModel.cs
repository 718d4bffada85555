using Ogiri.Contracts;

namespace Ogiri.Serving;

/// <summary>What a caller asks for: an image, optionally its labels and text, and how to sample.</summary>
public sealed record CaptionRequest(
    byte[] Image,
    IReadOnlyList<Label> Labels,
    string? Text,
    int Count,
    double Temperature,
    double TopP,
    int? Seed);

/// <summary>A loaded model that writes captions. Implementations must be safe to call from several requests at once.</summary>
public interface ICaptionModel : IDisposable
{
    /// <summary>The model's version, reported with every answer.</summary>
    string Version { get; }

    Task<IReadOnlyList<string>> CaptionAsync(CaptionRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Where the serving host gets its model. <see cref="Acquire"/> returns null while no model is loaded
/// (then /ping answers 503); a lease keeps the model it holds alive while a new one replaces it.
/// </summary>
public interface IModelSource
{
    ModelLease? Acquire();
}

/// <summary>One request's hold on a model; disposing it lets a replaced model be released.</summary>
public sealed class ModelLease(ICaptionModel model, Action release) : IDisposable
{
    private int released;

    public ICaptionModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) release();
    }
}
