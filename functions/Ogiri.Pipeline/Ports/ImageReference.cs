namespace Ogiri.Pipeline.Ports;

public enum ImageReferenceKind { Http, S3, File }

/// <summary>A parsed <c>image_url</c> cell.</summary>
/// <param name="Raw">The cell as written (trimmed).</param>
/// <param name="Uri">For Http and S3: the absolute URI. For File: a file URI resolved against the CSV's folder.</param>
public sealed record ImageReference(string Raw, ImageReferenceKind Kind, Uri Uri)
{
    /// <summary>
    /// Parses a cell. http(s) and s3 URIs are absolute; anything without a scheme is a path relative to
    /// <paramref name="baseDirectory"/> (or rejected when there is none: the cloud has no CSV folder).
    /// Returns null and a reason for anything else.
    /// </summary>
    public static ImageReference? TryParse(string raw, string? baseDirectory, out string reason)
    {
        reason = "";
        var text = raw.Trim();
        if (text.Length == 0)
        {
            reason = "image_url is empty";
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var looksLikeScheme = colon > 1 && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
        if (looksLikeScheme)
        {
            var scheme = text[..colon].ToLowerInvariant();
            if (scheme is "http" or "https")
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var http) || string.IsNullOrEmpty(http.Host))
                {
                    reason = $"image_url '{text}' is not a valid {scheme} URL";
                    return null;
                }
                return new ImageReference(text, ImageReferenceKind.Http, http);
            }
            if (scheme == "s3")
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var s3) || string.IsNullOrEmpty(s3.Host) || s3.AbsolutePath.Length <= 1)
                {
                    reason = $"image_url '{text}' is not an s3://bucket/key URI";
                    return null;
                }
                return new ImageReference(text, ImageReferenceKind.S3, s3);
            }
            reason = $"image_url scheme '{scheme}' is not supported; use http(s), s3:// or (locally) a path relative to the CSV";
            return null;
        }
        if (baseDirectory is null)
        {
            reason = $"image_url '{text}' is a file path; only http(s) and s3:// URLs can be fetched here";
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(baseDirectory, text));
        return new ImageReference(text, ImageReferenceKind.File, new Uri(full));
    }
}
