using System.Text.Json;
using Ogiri.Lambda.Events;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Deployment;

namespace Ogiri.Lambda.Handlers;

/// <summary>
/// A training job ended → deploy its model or record its failure. A busy endpoint is looked at again every
/// <see cref="WorkerTiming.EndpointPoll"/>; near the deadline the same event goes to a fresh invocation.
/// Also the start worker's on-failure destination: an upload it gave up on gets the reason in its report.
/// </summary>
public sealed class EndTrainingJobHandler(ModelDeployment deployment, UploadFailures failures, WorkerTiming timing, ContinueWith continueWith,
    TimeProvider clock) : IHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        if (FunctionEvents.FailedInvocationOf(context.Payload) is { } failed)
        {
            var keys = FunctionEvents.Uploads(failed.RequestPayload).Select(u => u.Key).Where(Ogiri.Contracts.BucketLayout.IsCsv).ToList();
            foreach (var key in keys) await failures.RecordAsync(key, failed.Reason, cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(new { failedUploads = keys, reason = failed.Reason });
        }
        var ended = FunctionEvents.TrainingJobStateChange(context.Payload);
        var decision = await deployment.HandleAsync(ended, cancellationToken);
        while (decision.Action == DeploymentAction.RetryLater)
        {
            if (context.RemainingTime - timing.EndpointPoll < timing.DeadlineMargin)
            {
                await continueWith(context.Payload, cancellationToken);
                break;
            }
            await Task.Delay(timing.EndpointPoll, clock, cancellationToken);
            decision = await deployment.HandleAsync(ended, cancellationToken);
        }
        return JsonSerializer.SerializeToUtf8Bytes(new { job = ended.JobName, action = decision.Action.ToString(), reason = decision.Reason });
    }
}
