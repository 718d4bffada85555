using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Aws.Storage;

/// <summary>Fetches <c>s3://bucket/key</c> image references with the function's own credentials.</summary>
public sealed class S3ImageSource(IAmazonS3 s3) : IImageSource
{
    public bool Supports(ImageReferenceKind kind) => kind == ImageReferenceKind.S3;

    public async Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken)
    {
        // Bucket and key exactly as the CSV wrote them: an S3 key is bytes, not a URI path to normalise or decode.
        var bucket = reference.S3Bucket ?? throw new ArgumentException($"'{reference.Raw}' is not an s3:// reference", nameof(reference));
        var key = reference.S3Key!;
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
            if (response.ContentLength > maxBytes)
                throw new ImageRejectedException($"image_url '{reference.Raw}' is {response.ContentLength} bytes; the limit is {maxBytes}");
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound)
        {
            throw new ImageRejectedException($"image_url '{reference.Raw}': no such object", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden)
        {
            throw new ImageRejectedException($"image_url '{reference.Raw}': access denied to the function", e);
        }
    }
}
