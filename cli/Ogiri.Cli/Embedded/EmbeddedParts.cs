using Ogiri.Pipeline.Fetching;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Cli.Embedded;

/// <summary>The local mode's adapters for one home, wired to the pipeline steps.</summary>
public sealed class EmbeddedParts
{
    private EmbeddedParts(OgiriHome home, FolderObjectStore store, SqliteTrainingDataTable table, IImageAnalyser analyser, IImageSource images)
    {
        Home = home;
        Store = store;
        Table = table;
        Analyser = analyser;
        Images = images;
    }

    public OgiriHome Home { get; }
    public FolderObjectStore Store { get; }
    public SqliteTrainingDataTable Table { get; }
    public IImageAnalyser Analyser { get; }
    public IImageSource Images { get; }

    public static async Task<EmbeddedParts> OpenAsync(OgiriHome home, LocalImageSources sources, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home.Bucket);
        var table = await SqliteTrainingDataTable.OpenAsync(home.Database, cancellationToken);
        return new EmbeddedParts(home, new FolderObjectStore(home.Bucket), table,
            new LocalImageAnalyser(new TesseractTextReader()), sources.Create());
    }

    public PairRegistration Registration(TimeProvider clock) => new(Store, Table, Analyser, Images, clock);

    public TrainingSetSnapshot Snapshot() => new(Store, Table);
}

/// <summary>Which kinds of image_url local mode fetches: files relative to the CSV, and http(s) through the safe fetcher.</summary>
public sealed record LocalImageSources(bool AllowPrivateNetwork = false)
{
    public IImageSource Create() => new CompositeImageSource(new Dictionary<ImageReferenceKind, IImageSource>
    {
        [ImageReferenceKind.File] = new FileImageSource(),
        [ImageReferenceKind.Http] = new SafeHttpImageSource(new HttpFetchOptions(AllowPrivateNetwork)),
    });
}
