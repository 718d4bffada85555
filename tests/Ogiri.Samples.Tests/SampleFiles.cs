using Ogiri.Pipeline.Ingestion;
using Ogiri.TestSupport;

namespace Ogiri.Samples.Tests;

/// <summary>Where the committed samples live, and reading a data set's CSV with the product's own reader.</summary>
public static class SampleFiles
{
    public static string SamplesFolder { get; } = Path.Combine(RepositoryFolder.Root, "samples");

    public static async Task<IReadOnlyList<CsvRow>> ReadRowsAsync(string csvPath)
    {
        await using var stream = File.OpenRead(csvPath);
        var rows = new List<CsvRow>();
        await foreach (var row in CsvPairReader.ReadAsync(stream, csvPath, CancellationToken.None)) rows.Add(row);
        return rows;
    }
}
