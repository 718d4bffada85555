using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Functions.Tests.Handlers;

public sealed class DeploymentPlannerTests
{
    private const string Old = "ogiri-dev-20250101-000000-000-aaaa", New = "ogiri-dev-20250102-000000-000-0000";

    [Theory]
    [InlineData(New, null, null, DeploymentAction.CreateEndpoint)]
    [InlineData(New, Old, EndpointStatus.InService, DeploymentAction.UpdateEndpoint)]
    [InlineData(New, Old, EndpointStatus.Updating, DeploymentAction.RetryLater)]
    [InlineData(New, Old, EndpointStatus.Creating, DeploymentAction.RetryLater)]
    [InlineData(New, Old, EndpointStatus.Deleting, DeploymentAction.RetryLater)]
    [InlineData(New, New, EndpointStatus.InService, DeploymentAction.Nothing)]
    [InlineData(New, New, EndpointStatus.Creating, DeploymentAction.Nothing)]
    [InlineData(Old, New, EndpointStatus.InService, DeploymentAction.Nothing)]
    [InlineData(Old, New, EndpointStatus.Updating, DeploymentAction.Nothing)]
    [InlineData(Old, New, EndpointStatus.Failed, DeploymentAction.ReplaceFailedEndpoint)]
    public void Decides_from_the_version_and_the_endpoint(string version, string? deployed, EndpointStatus? status, DeploymentAction expected)
    {
        var endpoint = deployed is null ? null : new EndpointState(status!.Value, deployed, null);
        Assert.Equal(expected, DeploymentPlanner.Decide(version, endpoint).Action);
    }
}
