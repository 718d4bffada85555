using System.Text.Json;
using Ogiri.Contracts;
using Ogiri.Trainer.Artifacts;

namespace Ogiri.Trainer.Tests;

public sealed class MetricsFileTests
{
    [Fact]
    public void Metrics_json_is_camel_case_throughout_and_reads_back()
    {
        using var dir = new Ogiri.TestSupport.TempDir();
        var metrics = new TrainingMetricsFile([new EpochMetrics(1, 3.2, 3.4, 0.25)], 1, false, 10, 5, 1.5);

        File.WriteAllText(Path.Combine(dir.Path, "metrics.json"), JsonSerializer.Serialize(metrics, TrainingMetricsFile.Json));

        var text = File.ReadAllText(Path.Combine(dir.Path, "metrics.json"));
        Assert.Contains("\"trainLoss\": 3.2", text, StringComparison.Ordinal);
        Assert.Contains("\"valMatchAccuracy\": 0.25", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("\"[A-Z]", text);
        var read = TrainingMetricsFile.TryRead(dir.Path);
        Assert.Equal(metrics.Epochs, read!.Epochs);
        Assert.Equal((1, 10, 5), (read.BestEpoch, read.Pairs, read.Images));
    }
}
