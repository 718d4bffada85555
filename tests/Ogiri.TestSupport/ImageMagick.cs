using System.Diagnostics;

namespace Ogiri.TestSupport;

/// <summary>
/// Real files that SkiaSharp cannot encode (progressive and CMYK JPEG, GIF), made at test time by ImageMagick
/// (Debian's imagemagick: in the userland's package list and in .ci/run). A missing tool fails the test.
/// </summary>
public static class ImageMagick
{
    /// <summary>
    /// Runs <c>magick</c> (ImageMagick 7) or <c>convert</c> (6): <c>SETTINGS inputs… OPERATORS out.OUTPUT</c>
    /// on PNG inputs; <paramref name="output"/> is e.g. "jpg" or "gif".
    /// </summary>
    public static byte[] Convert(IReadOnlyList<byte[]> pngInputs, string output, string[] settings, string[] operators)
    {
        var dir = Directory.CreateTempSubdirectory("ogiri-magick-");
        try
        {
            var start = new ProcessStartInfo(Tool())
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var setting in settings) start.ArgumentList.Add(setting);
            for (var i = 0; i < pngInputs.Count; i++)
            {
                var input = Path.Combine(dir.FullName, $"in{i}.png");
                File.WriteAllBytes(input, pngInputs[i]);
                start.ArgumentList.Add(input);
            }
            foreach (var op in operators) start.ArgumentList.Add(op);
            var outPath = Path.Combine(dir.FullName, "out." + output);
            start.ArgumentList.Add(outPath);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ImageMagick");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed: {stderr.Result}");
            return File.ReadAllBytes(outPath);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Tool()
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator) ?? [];
        foreach (var name in new[] { "magick", "convert" })
        {
            foreach (var dir in path)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException("ImageMagick is missing (neither magick nor convert is on PATH): install imagemagick");
    }
}

/// <summary>What a JPEG's frame header says: progressive or not, and how many colour components (4 = CMYK).</summary>
public sealed record JpegFrame(bool Progressive, int Components)
{
    /// <summary>Walks the markers up to the first start-of-frame.</summary>
    public static JpegFrame Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new InvalidDataException("not a JPEG");
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF) throw new InvalidDataException($"no marker at byte {at}");
            var marker = jpeg[at + 1];
            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return new JpegFrame(marker is 0xC2 or 0xC6 or 0xCA or 0xCE, jpeg[at + 9]);
            at += 2 + length;
        }
        throw new InvalidDataException("no start-of-frame marker");
    }
}
