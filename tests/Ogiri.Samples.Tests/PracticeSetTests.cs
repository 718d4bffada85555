using Ogiri.Samples.Catalogue;
using Ogiri.Samples.Drawing;
using Ogiri.Samples.Writing;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Samples.Tests;

public class PracticeSetTests
{
    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        using var other = new TempDir();
        using var fonts = FontSet.Load();
        PracticeSet.Write(first.Path, fonts, seed: 7, trainCount: 12, evalCount: 4);
        PracticeSet.Write(second.Path, fonts, seed: 7, trainCount: 12, evalCount: 4);
        PracticeSet.Write(other.Path, fonts, seed: 8, trainCount: 12, evalCount: 4);

        var files = Directory.GetFiles(first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order().ToList();
        Assert.Equal(2 + 16, files.Count);
        Assert.Equal(files, Directory.GetFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order());
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, f)), File.ReadAllBytes(Path.Combine(second.Path, f))));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first.Path, "train.csv")), File.ReadAllBytes(Path.Combine(other.Path, "train.csv")));
    }

    [Fact]
    public async Task Every_practice_row_is_valid_and_every_image_decodes()
    {
        using var dir = new TempDir();
        using var fonts = FontSet.Load();
        PracticeSet.Write(dir.Path, fonts, seed: 3, trainCount: 20, evalCount: 6);
        foreach (var (csv, pictures) in new[] { ("train.csv", 20), ("eval.csv", 6) })
        {
            var rows = await SampleFiles.ReadRowsAsync(Path.Combine(dir.Path, csv));
            Assert.Equal(pictures * PracticeSet.AnswersPerPicture, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Null(r.Error);
                using var bitmap = SKBitmap.Decode(Path.Combine(dir.Path, r.ImageUrl));
                Assert.NotNull(bitmap);
            });
        }
    }

    [Fact]
    public void A_full_practice_set_has_many_kinds_some_signs_and_varied_answers_that_name_the_thing()
    {
        var train = PracticeSet.Pictures("train", 400, seed: 1);
        var eval = PracticeSet.Pictures("eval", 100, seed: 1);

        Assert.Equal(400, train.Count);
        Assert.Equal(100, eval.Count);
        Assert.True(train.Select(p => p.Scene.Thing.Slug).Distinct().Count() >= 30);
        Assert.InRange(train.Count(p => p.Scene.Sign is not null), 80, 160);
        Assert.Empty(train.Select(p => p.Scene).Intersect(eval.Select(p => p.Scene)));
        Assert.All(train.Concat(eval), p =>
        {
            Assert.Equal(2, p.Answers.Distinct().Count());
            Assert.All(p.Answers, a => Assert.Contains(p.Scene.Thing.Names, a.Contains));
            Assert.All(p.Answers, a => Assert.InRange(a.Length, 5, 200));
        });

        var answers = train.SelectMany(p => p.Answers).ToList();
        var bigrams = answers.SelectMany(a => Enumerable.Range(0, a.Length - 1).Select(i => a.Substring(i, 2))).ToList();
        var distinct2 = (double)bigrams.Distinct().Count() / bigrams.Count;
        Assert.True(distinct2 > 0.1, $"distinct-2 of the answers is {distinct2:0.000}");
        Assert.True(answers.Distinct().Count() > 0.95 * answers.Count, "answers should rarely repeat");
    }

    [Fact]
    public void Every_thing_has_a_glyph_in_the_emoji_font()
    {
        using var fonts = FontSet.Load();
        using var font = new SKFont(fonts.Emoji, 64);
        Assert.All(Things.All, t => Assert.True(font.ContainsGlyphs(t.Emoji), $"{t.Slug} ({t.Emoji}) has no glyph"));
        Assert.Equal(Things.All.Count, Things.All.Select(t => t.Slug).Distinct().Count());
    }
}
