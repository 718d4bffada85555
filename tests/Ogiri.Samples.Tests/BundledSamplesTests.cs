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
    public async Task The_product_reads_signs_from_whole_pictures_and_invents_none()
    {
        // The product's own reading (whole picture, its preprocessing). Small signs on busy scenes are hard
        // for Tesseract: the bundled set measures 11 of 25 read whole, and no text where there is no sign.
        var reader = new TesseractTextReader();
        var pictures = BundledSamples.Pictures().ToList();
        var signed = pictures.Where(p => p.Scene.Sign is not null).ToList();
        Assert.True(signed.Count >= 10, "a good share of the samples should carry a sign");
        var read = 0;
        var invented = new List<string>();
        foreach (var picture in pictures)
        {
            var words = await reader.ReadWordsAsync(File.ReadAllBytes(Path.Combine(Samples, picture.RelativePath)), CancellationToken.None);
            var text = TesseractTextReader.JoinWords(words);
            if (picture.Scene.Sign is { } sign)
            {
                if ((text ?? "").Replace(" ", "", StringComparison.Ordinal).Contains(sign.Text, StringComparison.Ordinal)) read++;
            }
            else if (text is not null)
            {
                invented.Add($"{picture.RelativePath}: 「{text}」");
            }
        }
        Assert.True(read >= 10, $"only {read} of {signed.Count} signs were read whole");
        Assert.True(invented.Count <= 1, $"text read where there is no sign:\n{string.Join('\n', invented)}");
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
