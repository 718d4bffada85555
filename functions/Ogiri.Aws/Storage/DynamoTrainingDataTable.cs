using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ogiri.Aws.Json;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;
using T = Ogiri.Contracts.TrainingTableSchema;

namespace Ogiri.Aws.Storage;

/// <summary>
/// <c>OgiriTrainingDataTable</c> on DynamoDB: conditional puts (a pair is written once), strongly consistent
/// reads, and throttled calls retried with backoff on top of the SDK's own retries.
/// </summary>
public sealed class DynamoTrainingDataTable(IAmazonDynamoDB dynamo, string tableName, Backoff? backoff = null) : ITrainingDataTable
{
    private readonly Backoff backoff = backoff ?? Backoff.Default;

    public async Task<bool> ContainsPairAsync(string imageKey, string expectedResult, CancellationToken cancellationToken)
    {
        var response = await OnePairAsync(() => dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = Key(imageKey, expectedResult),
            ConsistentRead = true,
            ProjectionExpression = "#k",
            ExpressionAttributeNames = new() { ["#k"] = T.ImageKey },
        }, cancellationToken), cancellationToken);
        return response.Item is { Count: > 0 };
    }

    public async Task<ImageAnalysis?> FindAnalysisAsync(string imageKey, CancellationToken cancellationToken)
    {
        var response = await RetryAsync(() => dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "#k = :k",
            ExpressionAttributeNames = new() { ["#k"] = T.ImageKey },
            ExpressionAttributeValues = new() { [":k"] = new AttributeValue { S = imageKey } },
            Limit = 1,
            ConsistentRead = true,
        }, cancellationToken), cancellationToken);
        return response.Items is [var item, ..] ? AnalysisOf(item) : null;
    }

    public async Task<bool> TryAddPairAsync(TrainingPair pair, CancellationToken cancellationToken)
    {
        try
        {
            await OnePairAsync(() => dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ItemOf(pair),
                ConditionExpression = "attribute_not_exists(#k)",
                ExpressionAttributeNames = new() { ["#k"] = T.ImageKey },
            }, cancellationToken), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>A call about one pair: what DynamoDB refuses about that pair alone fails its row, not the run.</summary>
    private async Task<TResult> OnePairAsync<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await RetryAsync(call, cancellationToken);
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException")
        {
            // A key over DynamoDB's limits (a sort key holds at most 1,024 bytes) refuses this pair only.
            throw new PairRejectedException($"the table refused the pair: {e.Message}", e);
        }
        catch (AmazonDynamoDBException e) when (IsThrottling(e))
        {
            throw new PairRejectedException($"the table was still throttling after {backoff.MaxAttempts} attempts ({e.ErrorCode}); upload the CSV again to retry this row", e);
        }
    }

    public async IAsyncEnumerable<TrainingPair> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await RetryAsync(() => dynamo.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                ExclusiveStartKey = start,
                ConsistentRead = true,
            }, cancellationToken), cancellationToken);
            foreach (var item in page.Items ?? []) yield return PairOf(item);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (start is not null);
    }

    private Task<TResult> RetryAsync<TResult>(Func<Task<TResult>> call, CancellationToken cancellationToken) =>
        backoff.RunAsync(call, IsThrottling, cancellationToken);

    internal static bool IsThrottling(Exception e) => e is ProvisionedThroughputExceededException or RequestLimitExceededException
        || (e is AmazonDynamoDBException d && d.ErrorCode is "ThrottlingException");

    private static Dictionary<string, AttributeValue> Key(string imageKey, string expectedResult) => new()
    {
        [T.ImageKey] = new AttributeValue { S = imageKey },
        [T.ExpectedResult] = new AttributeValue { S = expectedResult },
    };

    internal static Dictionary<string, AttributeValue> ItemOf(TrainingPair pair)
    {
        var item = Key(pair.ImageKey, pair.ExpectedResult);
        item[T.Labels] = new AttributeValue
        {
            L = [.. pair.Analysis.Labels.Select(l => new AttributeValue
            {
                M = new()
                {
                    [T.LabelName] = new AttributeValue { S = l.Name },
                    [T.LabelConfidence] = new AttributeValue { N = l.Confidence.ToString("R", CultureInfo.InvariantCulture) },
                },
            })],
        };
        if (!string.IsNullOrEmpty(pair.Analysis.DetectedText)) item[T.DetectedText] = new AttributeValue { S = pair.Analysis.DetectedText };
        item[T.Source] = new AttributeValue { S = pair.Source };
        item[T.SourceCsv] = new AttributeValue { S = pair.SourceCsv };
        item[T.SourceLine] = new AttributeValue { N = pair.SourceLine.ToString(CultureInfo.InvariantCulture) };
        item[T.RegisteredAt] = new AttributeValue { S = pair.RegisteredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        return item;
    }

    private static ImageAnalysis AnalysisOf(Dictionary<string, AttributeValue> item) => new(
        item.TryGetValue(T.Labels, out var labels) && labels.L is { } list
            ? [.. list.Select(l => new Label(l.M[T.LabelName].S, double.Parse(l.M[T.LabelConfidence].N, CultureInfo.InvariantCulture)))]
            : [],
        item.TryGetValue(T.DetectedText, out var text) ? text.S : null);

    internal static TrainingPair PairOf(Dictionary<string, AttributeValue> item) => new(
        item[T.ImageKey].S,
        item[T.ExpectedResult].S,
        AnalysisOf(item),
        item.TryGetValue(T.Source, out var source) ? source.S : "",
        item.TryGetValue(T.SourceCsv, out var csv) ? csv.S : "",
        item.TryGetValue(T.SourceLine, out var line) ? int.Parse(line.N, CultureInfo.InvariantCulture) : 0,
        item.TryGetValue(T.RegisteredAt, out var at)
            ? DateTimeOffset.Parse(at.S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.UnixEpoch);
}
