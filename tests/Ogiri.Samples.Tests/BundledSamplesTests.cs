using Ogiri.Cli.Embedded;
using Ogiri.Samples.Drawing;
using Ogiri.Samples.Writing;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Samples.Tests;

public class BundledSamplesTests
{
    private static readonly string Samples = SampleFiles.SamplesFolder;

    [Fact]
    public async Task The_csv_names_every_image_on_disk_and_no_other()
    {
        var rows = await SampleFiles.ReadRowsAsync(Path.Combine(Samples, BundledSamples.CsvName));
        Assert.All(rows, r => Assert.Null(r.Error));
        var named = rows.Select(r => r.ImageUrl).ToHashSet();
        Assert.All(named, path => Assert.True(File.Exists(Path.Combine(Samples, path)), $"{path} is named in the CSV but missing"));
        var onDisk = Directory.EnumerateFiles(Path.Combine(Samples, "images"))
            .Select(f => Path.GetRelativePath(Samples, f).Replace('\\', '/')).ToHashSet();
        Assert.Empty(onDisk.Except(named));
        Assert.InRange(named.Count, 40, 60);
        Assert.All(rows.GroupBy(r => r.ImageUrl), g => Assert.Equal(2, g.Count()));
        Assert.True(onDisk.Sum(f => new FileInfo(Path.Combine(Samples, f)).Length) <= 3 * 1024 * 1024, "the samples should stay under 3 MB");
    }

    [Fact]
    public void Every_committed_image_decodes()
    {
        var files = Directory.GetFiles(Path.Combine(Samples, "images"));
        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            using var bitmap = SKBitmap.Decode(f);
            Assert.NotNull(bitmap);
            Assert.Equal((ScenePlanner.Width, ScenePlanner.Height), (bitmap.Width, bitmap.Height));
        });
    }

    [Fact]
    public void Every_answer_names_or_alludes_to_its_thing()
    {
        // Hand-written answers may only allude to the thing, so the check is per picture: at least one names it.
        Assert.All(BundledSamples.Pictures(), p => Assert.Contains(p.Answers, a => p.Scene.Thing.Names.Any(a.Contains)));
    }

    [Fact]
    public async Task Signs_in_the_committed_images_are_read_by_tesseract()
    {
        // Each sign is read from its own region of the committed picture: Tesseract, given the whole
        // picture, mostly misses a light board on a dark or busy scene (see docs/decisions.md).
        var reader = new TesseractTextReader();
        var signed = BundledSamples.Pictures().Where(p => p.Scene.Sign is not null).ToList();
        Assert.True(signed.Count >= 10, "a good share of the samples should carry a sign");
        var misses = new List<string>();
        foreach (var picture in signed)
        {
            var sign = picture.Scene.Sign!;
            // The board's inside: text plus its margin, none of the scene around it.
            var (halfWidth, halfHeight) = (sign.Text.Length * sign.FontSize * 0.5f + 4, sign.FontSize * 0.5f + 3);
            var region = SKRectI.Round(new SKRect(sign.CentreX - halfWidth, sign.CentreY - halfHeight, sign.CentreX + halfWidth, sign.CentreY + halfHeight));
            var words = await reader.ReadWordsAsync(Crop(Path.Combine(Samples, picture.RelativePath), region), CancellationToken.None);
            var text = TesseractTextReader.JoinWords(words) ?? "";
            if (!text.Replace(" ", "", StringComparison.Ordinal).Contains(sign.Text, StringComparison.Ordinal))
                misses.Add($"{picture.RelativePath}: expected 「{sign.Text}」, read 「{text}」");
        }
        // Tesseract's Japanese model still drops a character now and then (徐行, 禁止); most signs must read whole.
        Assert.True(misses.Count <= signed.Count / 5, $"{misses.Count} of {signed.Count} signs missed:\n{string.Join('\n', misses)}");
    }

    // The board's inside, laid on a wider piece of board: Tesseract wants a quiet margin around text.
    private static byte[] Crop(string png, SKRectI region)
    {
        const int margin = 24;
        using var bitmap = SKBitmap.Decode(png);
        using var part = new SKBitmap();
        Assert.True(bitmap.ExtractSubset(part, SKRectI.Intersect(region, new SKRectI(0, 0, bitmap.Width, bitmap.Height))));
        using var surface = SKSurface.Create(new SKImageInfo(part.Width + 2 * margin, part.Height + 2 * margin));
        surface.Canvas.Clear(part.GetPixel(0, 0));
        using (var partImage = SKImage.FromBitmap(part)) surface.Canvas.DrawImage(partImage, margin, margin, new SKSamplingOptions(SKFilterMode.Nearest));
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void The_committed_samples_are_what_the_generator_draws_for_the_committed_seed()
    {
        using var temp = new TempDir();
        using var fonts = FontSet.Load();
        BundledSamples.Write(temp.Path, fonts);

        Assert.Equal(File.ReadAllBytes(Path.Combine(Samples, BundledSamples.CsvName)), File.ReadAllBytes(Path.Combine(temp.Path, BundledSamples.CsvName)));
        var committedFonts = File.ReadAllText(Path.Combine(Samples, BundledSamples.FontsName));
        var sameFonts = committedFonts == fonts.Fingerprint();
        foreach (var picture in BundledSamples.Pictures())
        {
            var committed = File.ReadAllBytes(Path.Combine(Samples, picture.RelativePath));
            var drawn = File.ReadAllBytes(Path.Combine(temp.Path, picture.RelativePath));
            if (sameFonts)
            {
                Assert.True(committed.AsSpan().SequenceEqual(drawn), $"{picture.RelativePath} differs from what the generator draws; regenerate the samples");
            }
            else
            {
                // Other font releases draw slightly different glyphs: the pictures must still be the same scenes.
                Assert.True(PixelDifference.Mean(committed, drawn) < PixelDifference.SameSceneLimit,
                    $"{picture.RelativePath} is not the scene the generator draws (fonts differ from {Path.Combine(Samples, BundledSamples.FontsName)})");
            }
        }
    }
}
