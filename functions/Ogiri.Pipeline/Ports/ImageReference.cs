using System.Text;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Pipeline.Ports;

public enum ImageReferenceKind { Http, S3, File }

/// <summary>A parsed <c>image_url</c> cell.</summary>
/// <param name="Raw">The cell as written (trimmed).</param>
/// <param name="Kind">Which source fetches it.</param>
/// <param name="Uri">For Http: the absolute URI. Null for the other kinds, whose parts are kept as written.</param>
public sealed record ImageReference(string Raw, ImageReferenceKind Kind, Uri? Uri)
{
    // S3's own limit on an object key.
    private const int MaxS3KeyBytes = 1024;

    /// <summary>For S3: the bucket, as written.</summary>
    public string? S3Bucket { get; init; }

    /// <summary>For S3: the object key, byte for byte as written (no URI decoding or dot-segment removal).</summary>
    public string? S3Key { get; init; }

    /// <summary>For File: the absolute path, lexically inside <see cref="FileRoot"/>.</summary>
    public string? FilePath { get; init; }

    /// <summary>For File: the CSV's folder, absolute; nothing outside it is read.</summary>
    public string? FileRoot { get; init; }

    /// <summary>The http(s) URI; only for <see cref="ImageReferenceKind.Http"/>.</summary>
    public Uri HttpUri => Uri ?? throw new InvalidOperationException($"'{Raw}' is not an http(s) URL");

    /// <summary>
    /// Parses a cell. http(s) and s3 URIs are absolute; anything without a scheme is a path relative to
    /// <paramref name="baseDirectory"/> (or rejected when there is none: the cloud has no CSV folder), and must
    /// stay inside it. Returns null and a reason for anything else; the reason depends on the text alone, never
    /// on what exists on disk.
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
        if (FieldText.ControlCharacter(text, allowLineBreaks: false) is { } control)
        {
            reason = $"image_url '{FieldText.Excerpt(text)}' holds a {control}";
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
                    reason = $"image_url '{FieldText.Excerpt(text)}' is not a valid {scheme} URL";
                    return null;
                }
                return new ImageReference(text, ImageReferenceKind.Http, http);
            }
            if (scheme == "s3") return ParseS3(text, out reason);
            reason = $"image_url scheme '{FieldText.Excerpt(scheme)}' is not supported; use http(s), s3:// or (locally) a path relative to the CSV";
            return null;
        }
        if (baseDirectory is null)
        {
            reason = $"image_url '{FieldText.Excerpt(text)}' is a file path; only http(s) and s3:// URLs can be fetched here";
            return null;
        }
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var full = Path.GetFullPath(Path.Combine(root, text));
        if (!IsInside(full, root))
        {
            reason = OutsideFolder(text);
            return null;
        }
        return new ImageReference(text, ImageReferenceKind.File, null) { FilePath = full, FileRoot = root };
    }

    /// <summary>The one reason given for any path that leads out of the CSV's folder, whether or not the file exists.</summary>
    public static string OutsideFolder(string raw) =>
        $"image_url '{FieldText.Excerpt(raw)}' is outside the CSV's folder; local images must be in the CSV's folder or below it";

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> itself or below it (both absolute and normalised).</summary>
    public static bool IsInside(string path, string root)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison) && path.Length > prefix.Length;
    }

    /// <summary>
    /// <c>s3://bucket/key</c> split by hand: a URI parser would lower-case the bucket, decode <c>%20</c>, resolve
    /// <c>a/../b</c> and cut at <c>#</c> or <c>?</c>, all of which are ordinary characters of an S3 key.
    /// </summary>
    private static ImageReference? ParseS3(string text, out string reason)
    {
        reason = "";
        const string prefix = "s3://";
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"image_url '{FieldText.Excerpt(text)}' is not an s3://bucket/key URI";
            return null;
        }
        var rest = text[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            reason = $"image_url '{FieldText.Excerpt(text)}' is not an s3://bucket/key URI";
            return null;
        }
        var bucket = rest[..slash];
        var key = rest[(slash + 1)..];
        if (BucketProblem(bucket) is { } problem)
        {
            reason = $"image_url '{FieldText.Excerpt(text)}': bucket name '{FieldText.Excerpt(bucket)}' {problem}";
            return null;
        }
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        if (keyBytes > MaxS3KeyBytes)
        {
            reason = $"image_url '{FieldText.Excerpt(text)}': the key is {keyBytes} bytes; S3 keys are at most {MaxS3KeyBytes}";
            return null;
        }
        return new ImageReference(text, ImageReferenceKind.S3, null) { S3Bucket = bucket, S3Key = key };
    }

    /// <summary>S3's bucket naming rules: 3–63 characters of a–z, 0–9, '.' and '-', starting and ending with a letter or digit.</summary>
    private static string? BucketProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63) return "must be 3 to 63 characters long";
        if (!bucket.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-'))
            return "may hold only lower-case letters, digits, '.' and '-'";
        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1])) return "must start and end with a letter or digit";
        if (bucket.Contains("..", StringComparison.Ordinal)) return "may not hold two dots in a row";
        return null;
    }
}
