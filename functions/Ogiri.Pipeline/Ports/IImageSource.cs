namespace Ogiri.Pipeline.Ports;

/// <summary>Fetches the bytes a CSV's <c>image_url</c> points at.</summary>
public interface IImageSource
{
    /// <summary>Whether this source can fetch <paramref name="reference"/>'s kind at all (e.g. files only in local mode).</summary>
    bool Supports(ImageReferenceKind kind);

    /// <summary>
    /// Returns at most <paramref name="maxBytes"/> bytes, or throws <see cref="ImageRejectedException"/>
    /// with a reason a user can act on.
    /// </summary>
    Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>A row's image could not be used; the message is the reason shown in the report.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(string message) : base(message) { }
    public ImageRejectedException(string message, Exception inner) : base(message, inner) { }
    public ImageRejectedException() { }
}
