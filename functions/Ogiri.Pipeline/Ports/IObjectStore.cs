namespace Ogiri.Pipeline.Ports;

/// <summary>The stack's bucket (S3) or the local home's <c>bucket/</c> folder; keys follow <see cref="Ogiri.Contracts.BucketLayout"/>.</summary>
public interface IObjectStore
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading, or returns null when there is none at <paramref name="key"/>.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}
