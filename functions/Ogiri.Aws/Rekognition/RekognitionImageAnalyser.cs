using Ogiri.Aws.Json;
using Ogiri.Contracts;
using Ogiri.Pipeline.Images;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Aws.Rekognition;

/// <summary>
/// Labels (DetectLabels, 10 at most) and text (DetectText's lines, joined by spaces) of a stored image.
/// JPEG and PNG are read by Rekognition from the bucket; WebP and GIF, which it refuses, go inline as a
/// JPEG rendition.
/// </summary>
public sealed class RekognitionImageAnalyser(RekognitionApi rekognition, string bucket) : IImageAnalyser
{
    public const int MaxLabels = 10;

    /// <summary>Rekognition's answers that are about this one image (too small, too large, unreadable), not the service.</summary>
    public static readonly IReadOnlySet<string> ImageErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "InvalidImageFormatException", "ImageTooLargeException", "InvalidS3ObjectException", "InvalidParameterException",
    };

    public async Task<ImageAnalysis> AnalyseAsync(StoredImage image, CancellationToken cancellationToken)
    {
        try
        {
            return await DetectAsync(image, cancellationToken);
        }
        catch (AwsServiceException e) when (ImageErrors.Contains(e.ErrorType))
        {
            throw new ImageRejectedException($"Rekognition cannot analyse this image ({e.Message})", e);
        }
        catch (AwsServiceException e) when (e.IsThrottling || (int)e.Status >= 500)
        {
            // The client's backoff is spent: this row fails, the run goes on; the next upload of the CSV retries it.
            throw new ImageRejectedException($"Rekognition kept refusing ({e.Message}); upload the CSV again to retry this row", e);
        }
    }

    private async Task<ImageAnalysis> DetectAsync(StoredImage image, CancellationToken cancellationToken)
    {
        var input = image.Info.Format is "jpeg" or "png"
            ? new RekognitionImage(S3Object: new S3ObjectRef(bucket, image.ObjectKey))
            : new RekognitionImage(Bytes: AnalysisRendition.ToJpeg(image.Content.Span));
        var labels = rekognition.DetectLabelsAsync(new DetectLabelsRequest(input, MaxLabels), cancellationToken);
        var text = rekognition.DetectTextAsync(new DetectTextRequest(input), cancellationToken);
        await Task.WhenAll(labels, text);

        var lines = (await text).TextDetections?.Where(t => t.Type == "LINE").Select(t => t.DetectedText.Trim()).Where(t => t.Length > 0) ?? [];
        var joined = string.Join(' ', lines);
        return new ImageAnalysis(
            [.. ((await labels).Labels ?? []).Select(l => new Label(l.Name, l.Confidence))],
            joined.Length == 0 ? null : joined);
    }
}
