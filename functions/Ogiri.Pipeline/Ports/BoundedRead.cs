namespace Ogiri.Pipeline.Ports;

/// <summary>Reads an image's bytes to the end, never more than one chunk past the limit, whatever the source declared.</summary>
public static class BoundedRead
{
    /// <param name="declared">The length the source announced, if any (a first guess for the buffer).</param>
    /// <param name="what">How the reason names the image, e.g. "image_url https://…".</param>
    public static async Task<byte[]> ReadAsync(Stream source, long? declared, long maxBytes, string what, CancellationToken cancellationToken)
    {
        if (declared > maxBytes) throw new ImageRejectedException($"{what} is {declared} bytes; the limit is {maxBytes}");
        using var buffer = new MemoryStream(declared is { } n and > 0 ? (int)n : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new ImageRejectedException($"{what} is more than {maxBytes} bytes; the limit is {maxBytes}");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
