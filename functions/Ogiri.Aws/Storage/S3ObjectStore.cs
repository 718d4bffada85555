using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Aws.Storage;

/// <summary>The stack's bucket as the pipeline's object store.</summary>
public sealed class S3ObjectStore(IAmazonS3 s3, string bucket) : IObjectStore
{
    public string Bucket { get; } = bucket;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await s3.PutObjectAsync(S3Requests.Put(Bucket, key, body, contentType), cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(Bucket, key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(Bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}

/// <summary>Requests made the same way by every writer of the bucket.</summary>
public static class S3Requests
{
    /// <summary>
    /// A single-part upload with the payload signed whole: no aws-chunked encoding, which S3-compatible
    /// servers may store verbatim (chunk signatures and all) instead of decoding.
    /// </summary>
    public static PutObjectRequest Put(string bucket, string key, Stream body, string contentType) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = body,
        ContentType = contentType,
        UseChunkEncoding = false,
    };
}
