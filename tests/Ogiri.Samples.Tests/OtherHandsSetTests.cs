using Ogiri.Samples.Catalogue;
using Ogiri.Samples.Drawing;
using Ogiri.Samples.Writing;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Samples.Tests;

/// <summary>The evaluation set of other hands' pictures, and the share of answers naming the thing.</summary>
public class OtherHandsSetTests
{
    [Fact]
    public async Task Each_picture_found_becomes_a_scene_whose_answers_name_its_thing()
    {
        using var dir = new TempDir();
        var art = Path.Combine(dir.Path, "art", OtherHands.EmojiOneFolder);
        Directory.CreateDirectory(art);
        // EmojiOne names its files by code point: 🐱 is 1F431, 🚗 1F697; a drawing with a wide transparent margin each.
        File.WriteAllBytes(Path.Combine(art, "1F431.png"), Drawing(SKColors.Orange));
        File.WriteAllBytes(Path.Combine(art, "1F697.png"), Drawing(SKColors.Red));
        using var fonts = FontSet.Load();

        Assert.Equal(2, OtherHandsSet.Write(Path.Combine(dir.Path, "set"), Path.Combine(dir.Path, "art"), fonts, seed: 1));

        var rows = await SampleFiles.ReadRowsAsync(Path.Combine(dir.Path, "set", "others.csv"));
        Assert.Equal(2 * PracticeSet.AnswersPerPicture, rows.Count);
        Assert.All(rows, r =>
        {
            var thing = Things.BySlug(Path.GetFileNameWithoutExtension(r.ImageUrl).Split('-')[^1]);
            Assert.Contains("emojione", r.ImageUrl, StringComparison.Ordinal);
            Assert.Contains(thing.Names, n => r.ExpectedResult.Contains(n, StringComparison.Ordinal));
            using var picture = SKBitmap.Decode(Path.Combine(dir.Path, "set", r.ImageUrl));
            Assert.Equal(ScenePlanner.Width, picture.Width);
        });
    }

    [Fact]
    public void A_folder_without_any_art_is_refused_by_name()
    {
        using var dir = new TempDir();
        using var fonts = FontSet.Load();
        var error = Assert.Throws<FileNotFoundException>(() => OtherHandsSet.Write(Path.Combine(dir.Path, "set"), dir.Path, fonts, seed: 1));
        Assert.Contains(dir.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_naming_share_counts_first_answers_that_hold_any_name_of_the_pictured_thing()
    {
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "eval.json");
        File.WriteAllText(json, """
            {"matchAccuracy": 0.5, "generated": [
              {"image": "images/others-0001-emojione-cat.png", "answer": "ねこが会議に遅刻した"},
              {"image": "images/eval-0002-car.png", "answer": "ＢＵＳ、いや車です"},
              {"image": "images/eval-0003-banana.png", "answer": "猫が転職を考えている"},
              {"image": "images/eval-0004-dog.png", "answer": "今日は晴れ"}
            ]}
            """);
        var result = NamingScore.FromEvalJson(json);
        Assert.Equal(4, result.Pictures);
        Assert.Equal(2, result.Named);
        Assert.Equal(0.5, result.Share);
    }

    private static byte[] Drawing(SKColor colour)
    {
        using var surface = SKSurface.Create(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        surface.Canvas.DrawCircle(32, 32, 12, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
