using System.Security.Cryptography;
using SkiaSharp;

namespace Ogiri.Samples.Drawing;

/// <summary>
/// The emoji and Japanese fonts the pictures are drawn with, loaded by path: the SkiaSharp native
/// build we use has no fontconfig, so it cannot look fonts up by name.
/// </summary>
public sealed class FontSet : IDisposable
{
    private static readonly string[] EmojiCandidates =
    [
        "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
        "/System/Library/Fonts/Apple Color Emoji.ttc",
    ];

    private static readonly string[] JapaneseCandidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/System/Library/Fonts/ヒラギノ角ゴシック W6.ttc",
    ];

    private FontSet(string emojiPath, SKTypeface emoji, string japanesePath, SKTypeface japanese)
    {
        EmojiPath = emojiPath;
        Emoji = emoji;
        JapanesePath = japanesePath;
        Japanese = japanese;
    }

    public string EmojiPath { get; }
    public SKTypeface Emoji { get; }
    public string JapanesePath { get; }
    public SKTypeface Japanese { get; }

    public static FontSet Load()
    {
        var (emojiPath, emoji) = LoadFirst(EmojiCandidates, "no colour emoji font found: install fonts-noto-color-emoji");
        var (japanesePath, japanese) = LoadFirst(JapaneseCandidates, "no Japanese font found: install fonts-noto-cjk");
        return new FontSet(emojiPath, emoji, japanesePath, japanese);
    }

    /// <summary>
    /// One line per font file: its name and SHA-256. Glyphs differ between font releases, so the same
    /// seed gives the same bytes only with the same fonts; this records which ones drew a set.
    /// </summary>
    public string Fingerprint() =>
        string.Concat(new[] { EmojiPath, JapanesePath }.Select(p =>
            $"{Path.GetFileName(p)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)))}\n"));

    private static (string, SKTypeface) LoadFirst(IEnumerable<string> candidates, string missing)
    {
        foreach (var path in candidates)
        {
            if (File.Exists(path) && SKTypeface.FromFile(path, 0) is { } typeface) return (path, typeface);
        }
        throw new InvalidOperationException(missing);
    }

    public void Dispose()
    {
        Emoji.Dispose();
        Japanese.Dispose();
    }
}
