using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Embedded;

/// <summary>Local mode: an image_url without a scheme is a file path relative to the CSV.</summary>
public sealed class FileImageSource : IImageSource
{
    public bool Supports(ImageReferenceKind kind) => kind == ImageReferenceKind.File;

    public async Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken)
    {
        var path = reference.Uri.LocalPath;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            if (file.Length > maxBytes)
                throw new ImageRejectedException($"image file '{reference.Raw}' is {file.Length} bytes; the limit is {maxBytes}");
            var bytes = new byte[file.Length];
            await file.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }
        catch (FileNotFoundException e)
        {
            throw new ImageRejectedException($"image file '{reference.Raw}' does not exist ({path})", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ImageRejectedException($"image file '{reference.Raw}' does not exist ({path})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageRejectedException($"image file '{reference.Raw}' cannot be read: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ImageRejectedException($"image file '{reference.Raw}' cannot be read: {e.Message}", e);
        }
    }
}
