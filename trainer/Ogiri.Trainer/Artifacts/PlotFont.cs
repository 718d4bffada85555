namespace Ogiri.Trainer.Artifacts;

/// <summary>
/// The font of the plots, loaded from a file. SkiaSharp's Linux build without dependencies has no fontconfig,
/// so a font looked up by family name comes back empty and every label, tick and legend word is left out.
/// Loading a file works everywhere; where none of the known files exists, ScottPlot's own lookup remains
/// (macOS and Windows find their system fonts without fontconfig).
/// </summary>
internal static class PlotFont
{
    /// <summary>Debian's DejaVu (fonts-dejavu-core), then Noto Sans CJK (fonts-noto-cjk, also covers Latin), then Liberation.</summary>
    internal static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    ];

    private const string Family = "Ogiri Plot Sans";

    // ScottPlot keeps its font resolvers in a process-wide list: register the file once.
    private static readonly Lazy<string?> Loaded = new(() =>
    {
        var file = Array.Find(Candidates, File.Exists);
        if (file is null) return null;
        ScottPlot.Fonts.AddFontFile(Family, file);
        return Family;
    });

    /// <summary>The family name to give ScottPlot, or null to keep its default lookup.</summary>
    public static string? Name => Loaded.Value;
}
