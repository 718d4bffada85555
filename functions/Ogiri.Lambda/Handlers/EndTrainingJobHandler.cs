using System.Text.Json;
using Ogiri.Lambda.Events;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Deployment;

namespace Ogiri.Lambda.Handlers;

/// <summary>
/// A training job ended → deploy its model or record its failure. A busy endpoint is looked at again every
/// <see cref="WorkerTiming.EndpointPoll"/>; near the deadline the same event goes to a fresh invocation.
/// </summary>
public sealed class EndTrainingJobHandler(ModelDeployment deployment, WorkerTiming timing, ContinueWith continueWith, TimeProvider clock) : IHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
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
