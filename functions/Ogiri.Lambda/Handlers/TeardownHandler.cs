using System.Text.Json;
using Ogiri.Lambda.Events;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Lambda.Handlers;

/// <summary>Stops the stack's running training jobs and deletes the endpoint, endpoint configs and models it created at run time (on <c>pulumi destroy</c>).</summary>
public sealed class TeardownHandler(IModelHosting hosting) : IHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        if (!FunctionEvents.IsTeardownRequested(context.Payload))
            return JsonSerializer.SerializeToUtf8Bytes(new { removed = false });
        var removed = await hosting.RemoveAllAsync(cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(new { removed = true, endpoints = removed.Endpoints, endpointConfigs = removed.EndpointConfigs, models = removed.Models, trainingJobsStopped = removed.TrainingJobsStopped });
    }
}
