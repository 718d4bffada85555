using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Deployment;

/// <summary>Which upload a training job was started for.</summary>
public sealed record TrainingJobRecord([property: JsonPropertyName("csvKey")] string CsvKey);

/// <summary>Reads and writes an upload's report and its jobs' records at their <see cref="BucketLayout"/> keys.</summary>
public sealed class UploadRecords(IObjectStore store)
{
    public async Task<IngestionReport?> ReadReportAsync(string csvKey, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(BucketLayout.Report(csvKey), cancellationToken);
        return text is null ? null : IngestionReport.FromJson(text);
    }

    public Task WriteReportAsync(string csvKey, IngestionReport report, CancellationToken cancellationToken) =>
        store.PutAsync(BucketLayout.Report(csvKey), Encoding.UTF8.GetBytes(report.ToJson()), "application/json", cancellationToken);

    public async Task<TrainingJobRecord?> ReadJobAsync(string jobName, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(BucketLayout.JobRecord(jobName), cancellationToken);
        return text is null ? null : JsonSerializer.Deserialize<TrainingJobRecord>(text);
    }

    public Task WriteJobAsync(string jobName, TrainingJobRecord record, CancellationToken cancellationToken) =>
        store.PutAsync(BucketLayout.JobRecord(jobName), JsonSerializer.SerializeToUtf8Bytes(record), "application/json", cancellationToken);

    private async Task<string?> ReadTextAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
