using Ogiri.Aws.Json;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Aws.SageMaker;

/// <summary>
/// The stack's endpoint on SageMaker. Each version is a model plus an endpoint config named after its job;
/// the endpoint's current config names the version it serves.
/// </summary>
public sealed class SageMakerModelHosting(SageMakerApi sageMaker, SageMakerSettings settings) : IModelHosting
{
    private const string Variant = "AllTraffic";

    public async Task<EndpointState?> DescribeEndpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest(settings.EndpointName), cancellationToken);
            var status = Enum.TryParse<EndpointStatus>(endpoint.EndpointStatus, out var s)
                ? s
                : throw new InvalidDataException($"endpoint {settings.EndpointName} has an unknown status '{endpoint.EndpointStatus}'");
            return new EndpointState(status, endpoint.EndpointConfigName, endpoint.FailureReason);
        }
        catch (AwsServiceException e) when (IsMissing(e))
        {
            return null;
        }
    }

    public async Task CreateVersionAsync(string version, string modelArtifact, CancellationToken cancellationToken)
    {
        await IgnoringExistingAsync(() => sageMaker.CreateModelAsync(new CreateModelRequest(
            version, new ContainerDefinition(settings.TrainerImage, modelArtifact,
                new Dictionary<string, string> { [ModelContainer.VersionVariable] = version }), settings.RoleArn, settings.Tags), cancellationToken));
        await IgnoringExistingAsync(() => sageMaker.CreateEndpointConfigAsync(new CreateEndpointConfigRequest(
            version, [new ProductionVariant(Variant, version, 1, settings.EndpointInstanceType)], settings.Tags), cancellationToken));
    }

    public Task CreateEndpointAsync(string version, CancellationToken cancellationToken) =>
        BusyWhenRefusedAsync(() => sageMaker.CreateEndpointAsync(
            new CreateEndpointRequest(settings.EndpointName, version, settings.Tags), cancellationToken));

    public Task UpdateEndpointAsync(string version, CancellationToken cancellationToken) =>
        BusyWhenRefusedAsync(() => sageMaker.UpdateEndpointAsync(
            new UpdateEndpointRequest(settings.EndpointName, version), cancellationToken));

    public async Task DeleteEndpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sageMaker.DeleteEndpointAsync(new DeleteEndpointRequest(settings.EndpointName), cancellationToken);
        }
        catch (AwsServiceException e) when (IsMissing(e))
        {
            // Already gone: the state we want.
        }
    }

    public async Task<HostingRemoval> RemoveAllAsync(CancellationToken cancellationToken)
    {
        var prefix = ResourceNames.NamePrefix(settings.ResourcePrefix);
        // Running jobs first: a job finishing after the teardown would leave its artifact and bill until it ends.
        var stopped = await DeleteEachAsync(
            async token => await sageMaker.ListTrainingJobsAsync(new ListTrainingJobsRequest(prefix, "InProgress", token), cancellationToken) is var page
                ? ((page.TrainingJobSummaries ?? []).Select(j => j.TrainingJobName), page.NextToken) : default,
            name => sageMaker.StopTrainingJobAsync(new StopTrainingJobRequest(name), cancellationToken));
        var endpoints = await DeleteEachAsync(
            async token => await sageMaker.ListEndpointsAsync(new ListRequest(prefix, token), cancellationToken) is var page
                ? ((page.Endpoints ?? []).Select(e => e.EndpointName), page.NextToken) : default,
            name => sageMaker.DeleteEndpointAsync(new DeleteEndpointRequest(name), cancellationToken));
        var configs = await DeleteEachAsync(
            async token => await sageMaker.ListEndpointConfigsAsync(new ListRequest(prefix, token), cancellationToken) is var page
                ? ((page.EndpointConfigs ?? []).Select(e => e.EndpointConfigName), page.NextToken) : default,
            name => sageMaker.DeleteEndpointConfigAsync(new DeleteEndpointConfigRequest(name), cancellationToken));
        var models = await DeleteEachAsync(
            async token => await sageMaker.ListModelsAsync(new ListRequest(prefix, token), cancellationToken) is var page
                ? ((page.Models ?? []).Select(e => e.ModelName), page.NextToken) : default,
            name => sageMaker.DeleteModelAsync(new DeleteModelRequest(name), cancellationToken));
        return new HostingRemoval(endpoints, configs, models, stopped);
    }

    /// <summary>Lists every page first (deleting while paging would shift the pages), then deletes (or stops) this stack's names.</summary>
    private async Task<int> DeleteEachAsync(
        Func<string?, Task<(IEnumerable<string> Names, string? Next)>> list, Func<string, Task<Empty>> delete)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var (page, next) = await list(token);
            names.AddRange(page.Where(n => ResourceNames.BelongsTo(settings.ResourcePrefix, n)));
            token = next;
        } while (token is not null);
        foreach (var name in names)
        {
            try
            {
                await delete(name);
            }
            catch (AwsServiceException e) when (IsMissing(e))
            {
                // Deleted meanwhile by someone else.
            }
        }
        return names.Count;
    }

    private static async Task IgnoringExistingAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (AwsServiceException e) when (e.ErrorType == "ValidationException" && e.Message.Contains("already exist", StringComparison.OrdinalIgnoreCase))
        {
            // A redelivered event: this version was created before.
        }
    }

    private static async Task BusyWhenRefusedAsync<T>(Func<Task<T>> change)
    {
        try
        {
            await change();
        }
        catch (AwsServiceException e) when (e.ErrorType == "ValidationException"
            && (e.Message.Contains("already exist", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Cannot update", StringComparison.OrdinalIgnoreCase)))
        {
            throw new EndpointBusyException(e.Message, e);
        }
    }

    /// <summary>SageMaker answers ValidationException "Could not find …" for a missing endpoint, config or model.</summary>
    private static bool IsMissing(AwsServiceException e) =>
        e.ErrorType is "ValidationException" or "ResourceNotFound" && e.Message.Contains("Could not find", StringComparison.OrdinalIgnoreCase);
}
