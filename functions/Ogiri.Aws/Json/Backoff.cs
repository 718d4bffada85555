namespace Ogiri.Aws.Json;

/// <summary>
/// Retries an operation that failed with a retryable error (throttling, a server error), waiting
/// exponentially longer with full jitter between attempts, as AWS recommends.
/// </summary>
public sealed record Backoff(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly Backoff Default = new(8, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));

    public async Task<T> RunAsync<T>(Func<Task<T>> operation, Func<Exception, bool> isRetryable, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (Exception e) when (attempt < MaxAttempts && isRetryable(e))
            {
                await Task.Delay(DelayBefore(attempt + 1), cancellationToken);
            }
        }
    }

    /// <summary>A random wait up to BaseDelay·2^(attempt-2), capped at MaxDelay.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 2)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
