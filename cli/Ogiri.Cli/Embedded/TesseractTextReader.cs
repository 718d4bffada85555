using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ogiri.Pipeline.Images;
using SkiaSharp;

namespace Ogiri.Cli.Embedded;

/// <summary>A word Tesseract read, with its confidence (0–100).</summary>
public sealed record OcrWord(string Text, double Confidence, int Line);

/// <summary>
/// Reads the text in an image with the <c>tesseract</c> program (languages jpn+eng by default).
/// The image is handed over as PNG so every format we accept reaches Tesseract the same way.
/// </summary>
/// <remarks>
/// Registration has many rows in flight, but at most one single-threaded Tesseract per core runs: sixteen
/// processes with OpenMP threads each on two cores took 35% longer than two (each also loads the jpn model).
/// </remarks>
public sealed class TesseractTextReader(string executable = "tesseract", string languages = "jpn+eng", double minConfidence = 60) : IDisposable
{
    /// <summary>Longest side of the picture given to Tesseract.</summary>
    internal const int MaxSide = 2048;

    private readonly SemaphoreSlim running = new(Environment.ProcessorCount);

    public void Dispose() => running.Dispose();

    public async Task<IReadOnlyList<OcrWord>> ReadWordsAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            // Prepared inside the gate too: at most one enlarged copy per core exists at a time.
            var png = ToPng(image.Span);
            return await RunAsync(png, cancellationToken);
        }
        finally
        {
            running.Release();
        }
    }

    private async Task<IReadOnlyList<OcrWord>> RunAsync(byte[] png, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            Environment = { ["OMP_THREAD_LIMIT"] = "1" },
        };
        foreach (var a in new[] { "stdin", "stdout", "-l", languages, "--psm", "12", "tsv" }) start.ArgumentList.Add(a);
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
            if (!Plausible(text, conf)) continue;
            var line = int.Parse(f[2], CultureInfo.InvariantCulture) * 10000 + int.Parse(f[3], CultureInfo.InvariantCulture) * 100
                + int.Parse(f[4], CultureInfo.InvariantCulture);
            words.Add(new OcrWord(text, conf, line));
        }
        return words;
    }

    /// <summary>Joins words as a reader would: Japanese characters without spaces, other words with one.</summary>
    public static string? JoinWords(IReadOnlyList<OcrWord> words)
    {
        var lines = new List<string>();
        foreach (var line in words.GroupBy(w => w.Line))
        {
            var sb = new StringBuilder();
            string? previous = null;
            foreach (var word in line)
            {
                if (previous is not null && !(IsCjk(previous[^1]) && IsCjk(word.Text[0]))) sb.Append(' ');
                sb.Append(word.Text);
                previous = word.Text;
            }
            // A lone character is nearly always texture read as a glyph, not a sign.
            if (sb.Length >= 2) lines.Add(sb.ToString());
        }
        return lines.Count == 0 ? null : string.Join(' ', lines);
    }

    /// <summary>
    /// Tesseract reads textures as strings of symbols and stray letters; a word counts when it holds Japanese, or is
    /// a Latin word of three or more letters and digits read with high confidence.
    /// </summary>
    private static bool Plausible(string word, double confidence) =>
        word.Any(IsCjk) || (word.Length >= 3 && word.All(char.IsAsciiLetterOrDigit) && confidence >= 85);

    private static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF' or '\u30FC';

    /// <summary>
    /// Prepares the picture the way Tesseract reads short signs in photos best (measured on the bundled samples:
    /// 5 of 25 signs read as given, 12 of 25 like this): grey, contrast stretched from 20–80% to the full
    /// range, enlarged so the short side is about 768 px (at most 3x), upright. The long side stays within
    /// <see cref="MaxSide"/>: Tesseract refuses a side over 32767 px ("Image too large"), which a 100000×1 strip
    /// enlarged 3x would otherwise reach.
    /// </summary>
    internal static byte[] ToPng(ReadOnlySpan<byte> image)
    {
        using var bitmap = PictureDecoder.DecodeWithin(image, MaxSide);
        var scale = Math.Min(Math.Clamp(768.0 / Math.Min(bitmap.Width, bitmap.Height), 1.0, 3.0), MaxSide / (double)Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        const float gain = 1f / 0.6f, offset = -0.2f / 0.6f;
        float[] greyStretched =
        [
            0.299f * gain, 0.587f * gain, 0.114f * gain, 0, offset,
            0.299f * gain, 0.587f * gain, 0.114f * gain, 0, offset,
            0.299f * gain, 0.587f * gain, 0.114f * gain, 0, offset,
            0, 0, 0, 1, 0,
        ];
        using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateColorMatrix(greyStretched) };
        surface.Canvas.Clear(SKColors.White);
        using var source = SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(source, new SKRect(0, 0, info.Width, info.Height), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
