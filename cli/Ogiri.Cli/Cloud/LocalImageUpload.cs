using Ogiri.Cli.Embedded;
using System.Text;
using Ogiri.Contracts;
using Ogiri.Pipeline;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Cloud;

/// <summary>One local image a CSV names, checked, with the key it gets in the bucket.</summary>
public sealed record LocalImage(int Line, string FilePath, string ObjectKey, string ContentType);

/// <summary>The CSV as read, and the local images it names (empty: upload the file as it is).</summary>
public sealed record CsvUploadPlan(IReadOnlyList<CsvRow> Rows, IReadOnlyList<LocalImage> Images);

/// <summary>
/// The cloud has no CSV folder, so images named by a local path must be in the bucket before the CSV is. Each is
/// checked here (exists, is an image the workers accept) before anything is uploaded, stored content-addressed
/// at <see cref="BucketLayout.Image"/> of its <see cref="ImageKeys"/> (the key the workers give it too), and its
/// cell rewritten to that object's s3:// URI.
/// </summary>
public static class LocalImageUpload
{
    /// <exception cref="CsvFileException">The CSV as a whole, a missing or unusable local image, or a malformed record in a CSV that must be rewritten: file and line.</exception>
    public static async Task<CsvUploadPlan> PlanAsync(string csvPath, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(csvPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var rows = new List<CsvRow>();
        var images = new List<LocalImage>();
        var limits = new ImageLimits();
        await using (var csv = File.OpenRead(csvPath))
        {
            await foreach (var row in CsvPairReader.ReadAsync(csv, name, cancellationToken))
            {
                rows.Add(row);
                if (row.Error is not null) continue;
                var parsed = ImageReference.TryParse(row.ImageUrl, folder, out var reason);
                // A local path the worker could never read (outside the CSV's folder, say) is refused here, before any upload.
                if (parsed is null && row.ImageUrl.Trim().Length > 0 && !row.ImageUrl.Contains("://", StringComparison.Ordinal))
                    throw new CsvFileException($"{name}:{row.Line}: {reason}");
                if (parsed is not { Kind: ImageReferenceKind.File } reference) continue;
                var file = reference.FilePath!;
                byte[] bytes;
                ImageInfo info;
                try
                {
                    // The same reader as local registration: inside the CSV's folder only, regular files, bounded.
                    bytes = await new FileImageSource().FetchAsync(reference, limits.MaxBytes, cancellationToken);
                    info = ImageInspector.Inspect(bytes, limits);
                }
                catch (ImageRejectedException e)
                {
                    throw new CsvFileException($"{name}:{row.Line}: image_url '{row.ImageUrl}': {e.Message}");
                }
                images.Add(new LocalImage(row.Line, file, BucketLayout.Image(ImageKeys.For(bytes, info.Extension)), info.ContentType));
            }
        }
        if (images.Count > 0 && rows.FirstOrDefault(r => r.Error is not null) is { } bad)
            throw new CsvFileException($"{name}:{bad.Line}: {bad.Error}; fix it so the CSV can be rewritten with its local images' s3:// URIs");
        return new CsvUploadPlan(rows, images);
    }

    /// <summary>Uploads the plan's images (those already there are skipped: same key, same bytes) and returns the rewritten CSV.</summary>
    public static async Task<byte[]> UploadAsync(CsvUploadPlan plan, IObjectStore store, string bucket, Func<LocalImage, Task> uploaded,
        CancellationToken cancellationToken)
    {
        var byLine = new Dictionary<int, string>();
        foreach (var image in plan.Images)
        {
            if (!await store.ExistsAsync(image.ObjectKey, cancellationToken))
                await store.PutAsync(image.ObjectKey, await File.ReadAllBytesAsync(image.FilePath, cancellationToken), image.ContentType, cancellationToken);
            await uploaded(image);
            byLine[image.Line] = $"s3://{bucket}/{image.ObjectKey}";
        }
        var text = new StringBuilder(string.Join(',', CsvPairReader.Header)).Append('\n');
        foreach (var row in plan.Rows)
            text.Append(Field(byLine.GetValueOrDefault(row.Line, row.ImageUrl))).Append(',').Append(Field(row.ExpectedResult)).Append('\n');
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
