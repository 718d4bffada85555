using Ogiri.Contracts;
using Ogiri.Trainer.Artifacts;
using SkiaSharp;

namespace Ogiri.Trainer.Tests;

public sealed class LossPlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ogiri-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_plot_has_text_in_its_axis_label_regions()
    {
        var path = Path.Combine(_folder, "loss.png");
        LossPlot.Write(path, [new EpochMetrics(1, 3.2, 3.4, 0.1), new EpochMetrics(2, 2.5, 2.9, 0.2), new EpochMetrics(3, 2.1, 2.7, 0.3)]);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((720, 420), (bitmap.Width, bitmap.Height));
        // The x label ("epoch") sits centred under the tick labels, the y label turned in the left margin. Without a
        // font the margins collapse and the frame runs through both regions instead: glyphs are dark pixels there
        // with no row (x) or column (y) dark from end to end.
        AssertGlyphs(bitmap, new SKRectI(300, 392, 420, 418), "x axis label", rows: true);
        AssertGlyphs(bitmap, new SKRectI(0, 100, 22, 300), "y axis label", rows: false);
    }

    [Fact]
    public void A_font_file_is_found_on_this_machine()
    {
        // Debian and the userland both carry one of the known fonts; without it the plot's text is silently lost.
        Assert.Contains(PlotFont.Candidates, File.Exists);
        Assert.NotNull(PlotFont.Name);
    }

    private static void AssertGlyphs(SKBitmap bitmap, SKRectI region, string what, bool rows)
    {
        bool Dark(int x, int y)
        {
            var c = bitmap.GetPixel(x, y);
            return c.Red + c.Green + c.Blue < 3 * 128;
        }
        var xs = Enumerable.Range(region.Left, region.Width).ToArray();
        var ys = Enumerable.Range(region.Top, region.Height).ToArray();
        var dark = xs.Sum(x => ys.Count(y => Dark(x, y)));
        Assert.True(dark > 40, $"only {dark} dark pixels where the {what} belongs");
        var longest = rows ? ys.Max(y => xs.Count(x => Dark(x, y))) / (double)xs.Length : xs.Max(x => ys.Count(y => Dark(x, y))) / (double)ys.Length;
        Assert.True(longest < 0.6, $"a line, not text, runs through the {what} region");
    }
}
