using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ogiri.Aws.Json;
using Ogiri.Aws.Storage;
using Ogiri.Contracts;
using Ogiri.Functions.Tests.Servers;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Functions.Tests.Adapters;

[Collection(LocalAws.Name)]
public sealed class DynamoTableTests(DynaliteFixture dynalite)
{
    private static TrainingPair Pair(string image, string answer, string? text = "看板 OPEN") => new(
        image, answer, new ImageAnalysis([new Label("Cat", 98.25), new Label("Sign", 55.5)], text),
        $"https://example.test/{image}", "uploads/a.csv", 7, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task A_pair_is_written_once_and_reads_back_whole()
    {
        using var dynamo = dynalite.Connection.CreateDynamoDb();
        var table = new DynamoTrainingDataTable(dynamo, await dynalite.NewTableAsync());
        var pair = Pair("k1.jpg", "猫が看板を読んでいる");

        Assert.True(await table.TryAddPairAsync(pair, CancellationToken.None));
        Assert.False(await table.TryAddPairAsync(pair with { Source = "other" }, CancellationToken.None));

        Assert.True(await table.ContainsPairAsync("k1.jpg", "猫が看板を読んでいる", CancellationToken.None));
        Assert.False(await table.ContainsPairAsync("k1.jpg", "別の答え", CancellationToken.None));
        var analysis = await table.FindAnalysisAsync("k1.jpg", CancellationToken.None);
        Assert.Equal(pair.Analysis.Labels, analysis!.Labels);
        Assert.Equal("看板 OPEN", analysis.DetectedText);
        Assert.Null(await table.FindAnalysisAsync("k2.jpg", CancellationToken.None));
        var scanned = Assert.Single(await ToListAsync(table.ScanAsync(CancellationToken.None)));
        Assert.Equal(pair with { Analysis = scanned.Analysis }, scanned);
        Assert.Equal(pair.Analysis.Labels, scanned.Analysis.Labels);
    }

    [Fact]
    public async Task A_pair_the_table_refuses_is_refused_alone_and_the_table_goes_on()
    {
        using var dynamo = dynalite.Connection.CreateDynamoDb();
        var table = new DynamoTrainingDataTable(dynamo, await dynalite.NewTableAsync());
        // Over DynamoDB's sort-key limit in bytes (and in dynalite's UTF-16 units): a ValidationException for this pair only.
        var tooLong = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 94));

        var refused = await Assert.ThrowsAsync<PairRejectedException>(() => table.TryAddPairAsync(Pair("k1.jpg", tooLong), CancellationToken.None));
        Assert.StartsWith("the table refused the pair", refused.Message, StringComparison.Ordinal);
        Assert.True(await table.TryAddPairAsync(Pair("k1.jpg", "猫"), CancellationToken.None));
    }

    [Fact]
    public async Task A_scan_reads_every_page()
    {
        using var dynamo = dynalite.Connection.CreateDynamoDb();
        var name = await dynalite.NewTableAsync();
        var table = new DynamoTrainingDataTable(dynamo, name);
        // Large items make dynalite's 1 MB pages few enough pairs that several pages are needed.
        var padding = new string('x', 200_000);
        for (var i = 0; i < 12; i++) Assert.True(await table.TryAddPairAsync(Pair($"k{i}.png", "answer " + i, padding), CancellationToken.None));

        var firstPage = await dynamo.ScanAsync(new ScanRequest { TableName = name });
        Assert.NotNull(firstPage.LastEvaluatedKey);
        var all = await ToListAsync(table.ScanAsync(CancellationToken.None));
        Assert.Equal(12, all.Select(p => p.ImageKey).Distinct().Count());
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_other_errors_pass_through()
    {
        var attempts = 0;
        var backoff = new Backoff(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));
        var result = await backoff.RunAsync(() => ++attempts < 4
                ? throw new ProvisionedThroughputExceededException("slow down")
                : Task.FromResult(attempts),
            DynamoTrainingDataTable.IsThrottling, CancellationToken.None);
        Assert.Equal(4, result);

        attempts = 0;
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => backoff.RunAsync<int>(() =>
        {
            attempts++;
            throw new ResourceNotFoundException("no table");
        }, DynamoTrainingDataTable.IsThrottling, CancellationToken.None));
        Assert.Equal(1, attempts);
        Assert.True(DynamoTrainingDataTable.IsThrottling(new AmazonDynamoDBException("x") { ErrorCode = "ThrottlingException" }));
    }

    [Fact]
    public async Task Items_use_the_schema_attribute_names()
    {
        using var dynamo = dynalite.Connection.CreateDynamoDb();
        var name = await dynalite.NewTableAsync();
        await new DynamoTrainingDataTable(dynamo, name).TryAddPairAsync(Pair("k.gif", "a"), CancellationToken.None);

        var item = Assert.Single((await dynamo.ScanAsync(new ScanRequest { TableName = name })).Items);
        Assert.Equal(
            new[] { TrainingTableSchema.DetectedText, TrainingTableSchema.ExpectedResult, TrainingTableSchema.ImageKey, TrainingTableSchema.Labels,
                TrainingTableSchema.RegisteredAt, TrainingTableSchema.Source, TrainingTableSchema.SourceCsv, TrainingTableSchema.SourceLine }.Order(),
            item.Keys.Order());
        Assert.Equal("98.25", item[TrainingTableSchema.Labels].L[0].M[TrainingTableSchema.LabelConfidence].N);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
