using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Pipeline.Fetching;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Bench;

/// <summary>
/// The local mode's real parts — PairRegistration, SafeHttpImageSource (private network allowed), the SQLite
/// table and the bucket folder — with a fast stand-in for the analyser (Tesseract would measure Tesseract).
/// </summary>
internal sealed class Parts : IDisposable
{
    private readonly SafeHttpImageSource images;

    private Parts(string home, SqliteTrainingDataTable table, SafeHttpImageSource images)
    {
        Home = home;
        this.images = images;
        Registration = new PairRegistration(new FolderObjectStore(Path.Combine(home, "bucket")), table, new StandInAnalyser(), images, TimeProvider.System);
    }

    public string Home { get; }

    public PairRegistration Registration { get; }

    public static async Task<Parts> OpenAsync(string home)
    {
        Directory.CreateDirectory(home);
        var table = await SqliteTrainingDataTable.OpenAsync(Path.Combine(home, "ogiri.db"), CancellationToken.None);
        return new Parts(home, table, new SafeHttpImageSource(new HttpFetchOptions(AllowPrivateNetwork: true)));
    }

    public Task<IngestionReport> RegisterAsync(string csvPath, int concurrency) =>
        Registration.RegisterAsync(
            _ => Task.FromResult<Stream>(new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)),
            Path.GetFileName(csvPath),
            new RegistrationOptions(Concurrency: concurrency),
            progress: null,
            CancellationToken.None);

    public void Dispose() => images.Dispose();

    /// <summary>Labels every image "Benchmark" at once: the pipeline, not an analyser, is what is measured.</summary>
    private sealed class StandInAnalyser : IImageAnalyser
    {
        private static readonly ImageAnalysis Analysis = new([new Label("Benchmark", 99.0)], null);

        public Task<ImageAnalysis> AnalyseAsync(StoredImage image, CancellationToken cancellationToken) => Task.FromResult(Analysis);
    }
}

/// <summary>The image host: /img/N.png is a small PNG unique to N, answered after a fixed delay.</summary>
internal static class ImageHost
{
    public static LocalHttpServer Start(TimeSpan delay) => new(path =>
        path.StartsWith("/img/", StringComparison.Ordinal) && path.EndsWith(".png", StringComparison.Ordinal)
            && int.TryParse(path.AsSpan(5, path.Length - 9), System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? new HttpReply(200, Image(n), "image/png", Delay: delay)
            : new HttpReply(404, [], "text/plain"));

    /// <summary>A 32x32 PNG whose colour and corner pixels spell N, so every N is a different image.</summary>
    public static byte[] Image(int n)
    {
        using var bitmap = new SKBitmap(32, 32);
        bitmap.Erase(new SKColor((byte)(n * 37), (byte)(n * 91 >> 3), (byte)(n * 13 >> 5)));
        for (var bit = 0; bit < 32; bit++)
        {
            bitmap.SetPixel(bit, 0, ((n >> bit) & 1) == 1 ? SKColors.White : SKColors.Black);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
