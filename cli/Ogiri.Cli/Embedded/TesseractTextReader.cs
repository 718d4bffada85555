using System.Diagnostics;
using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Ogiri.Cli.Embedded;

/// <summary>A word Tesseract read, with its confidence (0–100).</summary>
public sealed record OcrWord(string Text, double Confidence, int Line);

/// <summary>
/// Reads the text in an image with the <c>tesseract</c> program (languages jpn+eng by default).
/// The image is handed over as PNG so every format we accept reaches Tesseract the same way.
/// </summary>
public sealed class TesseractTextReader(string executable = "tesseract", string languages = "jpn+eng", double minConfidence = 60)
{
    public async Task<IReadOnlyList<OcrWord>> ReadWordsAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        var png = ToPng(image.Span);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "stdin", "stdout", "-l", languages, "--psm", "11", "tsv" }) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{executable}' was not found: install Tesseract with Japanese data (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-jpn)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.BaseStream.WriteAsync(png, cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            var tsv = await stdout;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"tesseract failed (exit {process.ExitCode}): {(await stderr).Trim()}");
            return ParseTsv(tsv, minConfidence);
        }
    }

    /// <summary>Words of level 5 rows of Tesseract's TSV output whose confidence reaches <paramref name="minConfidence"/>.</summary>
    public static IReadOnlyList<OcrWord> ParseTsv(string tsv, double minConfidence)
    {
        var words = new List<OcrWord>();
        foreach (var row in tsv.Split('\n').Skip(1))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || f[0] != "5") continue;
            var text = f[11].Trim();
            if (text.Length == 0) continue;
            if (!double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) || conf < minConfidence) continue;
            var line = int.Parse(f[2], CultureInfo.InvariantCulture) * 10000 + int.Parse(f[3], CultureInfo.InvariantCulture) * 100
                + int.Parse(f[4], CultureInfo.InvariantCulture);
            words.Add(new OcrWord(text, conf, line));
        }
        return words;
    }

    /// <summary>Joins words as a reader would: Japanese characters without spaces, other words with one.</summary>
    public static string? JoinWords(IReadOnlyList<OcrWord> words)
    {
        if (words.Count == 0) return null;
        var sb = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                var sameLine = words[i].Line == words[i - 1].Line;
                var cjk = IsCjk(words[i - 1].Text[^1]) && IsCjk(words[i].Text[0]);
                if (!(sameLine && cjk)) sb.Append(' ');
            }
            sb.Append(words[i].Text);
        }
        return sb.ToString();
    }

    private static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF' or '\u30FC';

    private static byte[] ToPng(ReadOnlySpan<byte> image)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidDataException("image does not decode");
        // Tesseract reads small type badly; bring the short side up to about 1000 px.
        var scale = Math.Clamp(1000.0 / Math.Min(bitmap.Width, bitmap.Height), 1.0, 4.0);
        using var scaled = scale > 1.01
            ? bitmap.Resize(new SKImageInfo((int)(bitmap.Width * scale), (int)(bitmap.Height * scale)), new SKSamplingOptions(SKCubicResampler.Mitchell))
            : bitmap.Copy();
        using var data = scaled.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
