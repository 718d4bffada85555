using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Embedded;

/// <summary>
/// Local mode: an image_url without a scheme is a file path relative to the CSV, and only files inside the CSV's
/// folder are read. A symbolic link counts by where it leads: one that leaves the folder is refused like
/// <c>../x.png</c>, with the same reason whether or not its target exists. Only regular files are read, opened
/// without blocking (a FIFO or device named as an image cannot stall the run), and at most the byte limit.
/// </summary>
public sealed partial class FileImageSource : IImageSource
{
    private const int MaxLinks = 40;

    public bool Supports(ImageReferenceKind kind) => kind == ImageReferenceKind.File;

    public async Task<byte[]> FetchAsync(ImageReference reference, long maxBytes, CancellationToken cancellationToken)
    {
        if (reference.FilePath is not { } lexical || reference.FileRoot is not { } root)
            throw new ArgumentException($"'{reference.Raw}' is not a file reference", nameof(reference));
        var raw = FieldText.Excerpt(reference.Raw);
        string path;
        try
        {
            path = PhysicalPath(lexical, raw);
            if (!ImageReference.IsInside(path, PhysicalPath(root, raw))) throw new ImageRejectedException(ImageReference.OutsideFolder(reference.Raw));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageRejectedException($"image file '{raw}' cannot be read ({Describe(e)})", e);
        }
        return await ReadAsync(path, raw, maxBytes, cancellationToken);
    }

    /// <summary>
    /// Reads a regular file without blocking on open and never past <paramref name="maxBytes"/>; anything else (missing,
    /// a folder, a FIFO or device, unreadable) is an <see cref="ImageRejectedException"/> naming it as <paramref name="shown"/>.
    /// </summary>
    public static async Task<byte[]> ReadAsync(string path, string shown, long maxBytes, CancellationToken cancellationToken)
    {
        var raw = shown;
        try
        {
            if (Directory.Exists(path)) throw new ImageRejectedException($"image file '{raw}' is a folder, not a file");
            if (!File.Exists(path)) throw new ImageRejectedException($"image file '{raw}' does not exist");
            await using var file = OpenWithoutBlocking(path);
            if (!file.CanSeek) throw new ImageRejectedException($"image file '{raw}' is not a regular file (a pipe, socket or device)");
            return await BoundedRead.ReadAsync(file, file.Length, maxBytes, $"image file '{raw}'", cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's message repeats the whole path, which may be megabytes long: the reason names the error only.
            throw new ImageRejectedException($"image file '{raw}' cannot be read ({Describe(e)})", e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        PathTooLongException => "the path or a name in it is too long",
        UnauthorizedAccessException => "permission denied",
        IOException io when io.HResult > 0 && io.HResult < 4096 => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => e.GetType().Name,
    };

    /// <summary>
    /// The path with every symbolic link on it followed, component by component (the path need not exist: an
    /// absent part is kept as written). Opening this path reads what was checked.
    /// </summary>
    internal static string PhysicalPath(string path, string raw)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var parts = new List<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        var links = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var next = Path.Combine(current, parts[i]);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw new ImageRejectedException($"image file '{raw}': too many symbolic links");
                var resolved = Path.GetFullPath(Path.Combine(current, target));
                var rest = parts.Skip(i + 1).ToList();
                var rootOfTarget = Path.GetPathRoot(resolved)!;
                parts = [.. resolved[rootOfTarget.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries), .. rest];
                current = rootOfTarget;
                i = -1;
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>
    /// Opens for reading with O_NONBLOCK on Unix: opening a FIFO for reading otherwise waits for a writer forever.
    /// Regular files ignore the flag.
    /// </summary>
    private static FileStream OpenWithoutBlocking(string path)
    {
        if (OperatingSystem.IsWindows()) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var flags = OperatingSystem.IsMacOS() ? MacNonBlock | MacCloseOnExec : LinuxNonBlock | LinuxCloseOnExec;
        var fd = Open(path, flags);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
    }

    private const int LinuxNonBlock = 0x800, LinuxCloseOnExec = 0x80000;
    private const int MacNonBlock = 0x4, MacCloseOnExec = 0x1000000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
