namespace Ogiri.Pipeline.Ports;

/// <summary>The stack's bucket (S3) or the local home's <c>bucket/</c> folder; keys follow <see cref="Ogiri.Contracts.BucketLayout"/>.</summary>
public interface IObjectStore
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading, or returns null when there is none at <paramref name="key"/>.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The store or the table cannot be used at all (disk full, table gone, database unreadable): no further row can
/// succeed, so the run stops instead of failing every row the same way. Adapters throw it; a row-specific problem
/// stays an ordinary exception, which fails only its row.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception inner) : base(message, inner) { }
    public StorageUnavailableException(string message) : base(message) { }
    public StorageUnavailableException() { }
}
