using System.Security.Cryptography;

namespace Ogiri.Contracts;

/// <summary>
/// ImageKey = first 128 bits of the SHA-256 of the image bytes, in hex, plus the format's extension.
/// Two different images never share a key (the original's last-URL-segment key did:
/// <c>a/1.jpg</c> and <c>b/1.jpg</c>), and the same image reached by two URLs is analysed once.
/// </summary>
public static class ImageKeys
{
    public static string For(ReadOnlySpan<byte> content, string extension)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        return Convert.ToHexStringLower(hash[..16]) + "." + extension;
    }
}
