namespace Ogiri.Pipeline.Ports;

public enum EndpointStatus { OutOfService, Creating, Updating, SystemUpdating, RollingBack, InService, Deleting, Failed, UpdateRollbackFailed }

/// <summary>The stack's endpoint as it is now; <paramref name="DeployedVersion"/> is the model version it serves.</summary>
public sealed record EndpointState(EndpointStatus Status, string DeployedVersion, string? FailureReason);

/// <summary>What teardown removed.</summary>
public sealed record HostingRemoval(int Endpoints, int EndpointConfigs, int Models, int TrainingJobsStopped = 0);

/// <summary>The stack's inference endpoint and the model versions behind it (SageMaker in the cloud).</summary>
public interface IModelHosting
{
    /// <summary>The endpoint, or null when there is none yet.</summary>
    Task<EndpointState?> DescribeEndpointAsync(CancellationToken cancellationToken);

    /// <summary>Creates the model and endpoint config of one version; existing ones of that version are kept.</summary>
    Task CreateVersionAsync(string version, string modelArtifact, CancellationToken cancellationToken);

    Task CreateEndpointAsync(string version, CancellationToken cancellationToken);

    Task UpdateEndpointAsync(string version, CancellationToken cancellationToken);

    Task DeleteEndpointAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the endpoint, endpoint configs and models of this stack.</summary>
    Task<HostingRemoval> RemoveAllAsync(CancellationToken cancellationToken);
}

/// <summary>The endpoint is in a state that refuses the change right now (it exists already, or is busy).</summary>
public sealed class EndpointBusyException : Exception
{
    public EndpointBusyException(string message) : base(message) { }
    public EndpointBusyException(string message, Exception inner) : base(message, inner) { }
    public EndpointBusyException() { }
}
