using System.Text.Json;
using Ogiri.Lambda.Events;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Lambda.Handlers;

/// <summary>How long before the deadline a worker stops to continue in a fresh invocation.</summary>
public sealed record WorkerTiming(TimeSpan DeadlineMargin, TimeSpan EndpointPoll);

/// <summary>An event for a fresh invocation of this same function (Lambda's asynchronous Invoke).</summary>
public delegate Task ContinueWith(ReadOnlyMemory<byte> @event, CancellationToken cancellationToken);

/// <summary>S3 upload of a CSV → register its rows → start a training job (over as many invocations as it takes).</summary>
public sealed class StartTrainingJobHandler(
    UploadIngestion ingestion, string bucket, RegistrationOptions options, WorkerTiming timing, ContinueWith continueWith) : IHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        var results = new List<object>();
        foreach (var upload in FunctionEvents.Uploads(context.Payload))
        {
            if (upload.Bucket != bucket)
                throw new InvalidDataException($"the event is for bucket '{upload.Bucket}'; this function serves '{bucket}'");
            if (!Ogiri.Contracts.BucketLayout.IsCsv(upload.Key))
            {
                results.Add(new { key = upload.Key, state = "ignored: not a CSV upload" });
                continue;
            }
            var outcome = await ingestion.ProcessAsync(upload.Key, options, () => context.RemainingTime < timing.DeadlineMargin, cancellationToken);
            if (outcome.State == UploadState.Paused) await continueWith(upload.ToManualEvent(), cancellationToken);
            results.Add(new { key = upload.Key, state = outcome.State.ToString(), trainingJob = outcome.Report.TrainingJob });
        }
        return JsonSerializer.SerializeToUtf8Bytes(results);
    }
}
