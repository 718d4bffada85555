using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Pipeline.Deployment;

public enum DeploymentAction
{
    /// <summary>No endpoint yet: create it on this version.</summary>
    CreateEndpoint,
    /// <summary>The endpoint serves an older version and can take an update.</summary>
    UpdateEndpoint,
    /// <summary>This version or a newer one is already deployed (or deploying): change nothing.</summary>
    Nothing,
    /// <summary>The endpoint is busy (creating, updating, deleting): decide again later.</summary>
    RetryLater,
    /// <summary>The endpoint failed to come up: delete it, then decide again once it is gone.</summary>
    ReplaceFailedEndpoint,
}

public sealed record DeploymentDecision(DeploymentAction Action, string Reason);

/// <summary>
/// Which change, if any, brings the endpoint to <c>version</c>. Pure: the same inputs always give the
/// same decision, so redelivered and out-of-order events are safe, and an older job never replaces a newer one.
/// </summary>
public static class DeploymentPlanner
{
    public static DeploymentDecision Decide(string version, EndpointState? endpoint)
    {
        if (endpoint is null) return new(DeploymentAction.CreateEndpoint, "no endpoint yet");
        if (endpoint.Status is EndpointStatus.Failed)
            return new(DeploymentAction.ReplaceFailedEndpoint, $"the endpoint failed ({endpoint.FailureReason ?? "no reason given"})");
        if (ResourceNames.PrefixOf(version) is not { } stack || stack != ResourceNames.PrefixOf(endpoint.DeployedVersion))
            return new(DeploymentAction.Nothing, $"{version} and the deployed {endpoint.DeployedVersion} are not versions of one stack");
        var order = ResourceNames.CompareVersions(version, endpoint.DeployedVersion);
        if (order == 0) return new(DeploymentAction.Nothing, $"{version} is already deployed");
        if (order < 0) return new(DeploymentAction.Nothing, $"a newer model ({endpoint.DeployedVersion}) is deployed");
        if (endpoint.Status is not EndpointStatus.InService)
            return new(DeploymentAction.RetryLater, $"the endpoint is {endpoint.Status}; only an InService endpoint can be updated");
        return new(DeploymentAction.UpdateEndpoint, $"replaces {endpoint.DeployedVersion}");
    }
}
