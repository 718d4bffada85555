using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Embedded;

/// <summary>The bucket as a folder: object key <c>a/b.json</c> is the file <c>ROOT/a/b.json</c>.</summary>
public sealed class FolderObjectStore(string root) : IObjectStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"object key '{key}' leaves the bucket folder", nameof(key));
        return path;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside, then rename: a reader never sees half an object, as with S3.
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await File.WriteAllBytesAsync(partial, content.ToArray(), cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        catch (IOException e) when (IsOutOfSpace(e))
        {
            File.Delete(partial);
            throw new StorageUnavailableException($"the bucket folder {Root} is full: {e.Message}", e);
        }
    }

    // No later write can succeed either: ENOSPC and EDQUOT (their errno is the HResult on Unix; EDQUOT is 122 on
    // Linux, 69 on macOS), ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsOutOfSpace(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 112 or 39
        : OperatingSystem.IsMacOS() ? e.HResult is 28 or 69
        : e.HResult is 28 or 122;

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));
}
