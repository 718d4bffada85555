namespace Ogiri.Pipeline.Ports;

/// <summary>Routes each reference to the source for its kind: http(s) to the safe fetcher, files or s3:// to theirs.</summary>
public sealed class CompositeImageSource(IReadOnlyDictionary<ImageReferenceKind, IImageSource> sources) : IImageSource
{
    public bool Supports(ImageReferenceKind kind) => sources.ContainsKey(kind);

    public Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken) =>
        sources.TryGetValue(reference.Kind, out var source)
            ? source.FetchAsync(reference, maxBytes, cancellationToken)
            : throw new ImageRejectedException($"image_url '{reference.Raw}' cannot be fetched here");
}
