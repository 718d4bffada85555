using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Samples.Tests;

/// <summary>Where the committed samples live, and reading a data set's CSV with the product's own reader.</summary>
public static class SampleFiles
{
    public static string SamplesFolder { get; } = Path.Combine(RepositoryRoot(), "samples");

    public static async Task<IReadOnlyList<CsvRow>> ReadRowsAsync(string csvPath)
    {
        await using var stream = File.OpenRead(csvPath);
        var rows = new List<CsvRow>();
        await foreach (var row in CsvPairReader.ReadAsync(stream, csvPath, CancellationToken.None)) rows.Add(row);
        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ogiri.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (with Ogiri.sln) was not found above the test binaries");
    }
}
