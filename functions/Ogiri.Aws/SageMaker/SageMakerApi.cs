using Ogiri.Aws.Json;

namespace Ogiri.Aws.SageMaker;

public sealed record Tag(string Key, string Value);
public sealed record MetricDefinition(string Name, string Regex);
public sealed record AlgorithmSpecification(string TrainingImage, string TrainingInputMode, IReadOnlyList<MetricDefinition> MetricDefinitions);
public sealed record S3DataSource(string S3DataType, string S3Uri, string S3DataDistributionType);
public sealed record DataSource(S3DataSource S3DataSource);
public sealed record Channel(string ChannelName, DataSource DataSource, string? ContentType = null);
public sealed record OutputDataConfig(string S3OutputPath);
public sealed record ResourceConfig(string InstanceType, int InstanceCount, int VolumeSizeInGB);
public sealed record StoppingCondition(int MaxRuntimeInSeconds, int? MaxWaitTimeInSeconds = null);
public sealed record CheckpointConfig(string S3Uri, string? LocalPath = null);

public sealed record CreateTrainingJobRequest(
    string TrainingJobName,
    AlgorithmSpecification AlgorithmSpecification,
    string RoleArn,
    IReadOnlyList<Channel> InputDataConfig,
    OutputDataConfig OutputDataConfig,
    ResourceConfig ResourceConfig,
    StoppingCondition StoppingCondition,
    IReadOnlyDictionary<string, string> HyperParameters,
    CheckpointConfig CheckpointConfig,
    IReadOnlyList<Tag> Tags,
    bool? EnableManagedSpotTraining = null);
public sealed record CreateTrainingJobResponse(string TrainingJobArn);

public sealed record DescribeTrainingJobRequest(string TrainingJobName);
public sealed record ModelArtifacts(string S3ModelArtifacts);
public sealed record DescribeTrainingJobResponse(string TrainingJobName, string TrainingJobStatus, string? FailureReason, ModelArtifacts? ModelArtifacts);

public sealed record ContainerDefinition(string Image, string ModelDataUrl, IReadOnlyDictionary<string, string>? Environment = null);
public sealed record CreateModelRequest(string ModelName, ContainerDefinition PrimaryContainer, string ExecutionRoleArn, IReadOnlyList<Tag> Tags);
public sealed record CreateModelResponse(string ModelArn);

public sealed record ProductionVariant(string VariantName, string ModelName, int InitialInstanceCount, string InstanceType);
public sealed record CreateEndpointConfigRequest(string EndpointConfigName, IReadOnlyList<ProductionVariant> ProductionVariants, IReadOnlyList<Tag> Tags);
public sealed record CreateEndpointConfigResponse(string EndpointConfigArn);

public sealed record CreateEndpointRequest(string EndpointName, string EndpointConfigName, IReadOnlyList<Tag> Tags);
public sealed record CreateEndpointResponse(string EndpointArn);
public sealed record UpdateEndpointRequest(string EndpointName, string EndpointConfigName);
public sealed record UpdateEndpointResponse(string EndpointArn);
public sealed record DescribeEndpointRequest(string EndpointName);
public sealed record DescribeEndpointResponse(string EndpointName, string EndpointConfigName, string EndpointStatus, string? FailureReason);

public sealed record DeleteEndpointRequest(string EndpointName);
public sealed record DeleteEndpointConfigRequest(string EndpointConfigName);
public sealed record DeleteModelRequest(string ModelName);
public sealed record Empty;

public sealed record ListRequest(string NameContains, string? NextToken = null, int MaxResults = 100);
public sealed record EndpointSummary(string EndpointName);
public sealed record ListEndpointsResponse(IReadOnlyList<EndpointSummary>? Endpoints, string? NextToken);
public sealed record EndpointConfigSummary(string EndpointConfigName);
public sealed record ListEndpointConfigsResponse(IReadOnlyList<EndpointConfigSummary>? EndpointConfigs, string? NextToken);
public sealed record ModelSummary(string ModelName);
public sealed record ListTrainingJobsRequest(string NameContains, string StatusEquals, string? NextToken = null, int MaxResults = 100);
public sealed record TrainingJobSummary(string TrainingJobName, string TrainingJobStatus);
public sealed record ListTrainingJobsResponse(IReadOnlyList<TrainingJobSummary>? TrainingJobSummaries, string? NextToken);
public sealed record StopTrainingJobRequest(string TrainingJobName);
public sealed record ListModelsResponse(IReadOnlyList<ModelSummary>? Models, string? NextToken);

/// <summary>The SageMaker operations the product uses, typed.</summary>
public sealed class SageMakerApi(AwsJsonClient client)
{
    public Task<CreateTrainingJobResponse> CreateTrainingJobAsync(CreateTrainingJobRequest r, CancellationToken ct) => Send<CreateTrainingJobRequest, CreateTrainingJobResponse>("CreateTrainingJob", r, ct);
    public Task<DescribeTrainingJobResponse> DescribeTrainingJobAsync(DescribeTrainingJobRequest r, CancellationToken ct) => Send<DescribeTrainingJobRequest, DescribeTrainingJobResponse>("DescribeTrainingJob", r, ct);
    public Task<CreateModelResponse> CreateModelAsync(CreateModelRequest r, CancellationToken ct) => Send<CreateModelRequest, CreateModelResponse>("CreateModel", r, ct);
    public Task<CreateEndpointConfigResponse> CreateEndpointConfigAsync(CreateEndpointConfigRequest r, CancellationToken ct) => Send<CreateEndpointConfigRequest, CreateEndpointConfigResponse>("CreateEndpointConfig", r, ct);
    public Task<CreateEndpointResponse> CreateEndpointAsync(CreateEndpointRequest r, CancellationToken ct) => Send<CreateEndpointRequest, CreateEndpointResponse>("CreateEndpoint", r, ct);
    public Task<UpdateEndpointResponse> UpdateEndpointAsync(UpdateEndpointRequest r, CancellationToken ct) => Send<UpdateEndpointRequest, UpdateEndpointResponse>("UpdateEndpoint", r, ct);
    public Task<DescribeEndpointResponse> DescribeEndpointAsync(DescribeEndpointRequest r, CancellationToken ct) => Send<DescribeEndpointRequest, DescribeEndpointResponse>("DescribeEndpoint", r, ct);
    public Task<Empty> DeleteEndpointAsync(DeleteEndpointRequest r, CancellationToken ct) => Send<DeleteEndpointRequest, Empty>("DeleteEndpoint", r, ct);
    public Task<Empty> DeleteEndpointConfigAsync(DeleteEndpointConfigRequest r, CancellationToken ct) => Send<DeleteEndpointConfigRequest, Empty>("DeleteEndpointConfig", r, ct);
    public Task<Empty> DeleteModelAsync(DeleteModelRequest r, CancellationToken ct) => Send<DeleteModelRequest, Empty>("DeleteModel", r, ct);
    public Task<ListEndpointsResponse> ListEndpointsAsync(ListRequest r, CancellationToken ct) => Send<ListRequest, ListEndpointsResponse>("ListEndpoints", r, ct);
    public Task<ListEndpointConfigsResponse> ListEndpointConfigsAsync(ListRequest r, CancellationToken ct) => Send<ListRequest, ListEndpointConfigsResponse>("ListEndpointConfigs", r, ct);
    public Task<ListTrainingJobsResponse> ListTrainingJobsAsync(ListTrainingJobsRequest r, CancellationToken ct) => Send<ListTrainingJobsRequest, ListTrainingJobsResponse>("ListTrainingJobs", r, ct);
    public Task<Empty> StopTrainingJobAsync(StopTrainingJobRequest r, CancellationToken ct) => Send<StopTrainingJobRequest, Empty>("StopTrainingJob", r, ct);
    public Task<ListModelsResponse> ListModelsAsync(ListRequest r, CancellationToken ct) => Send<ListRequest, ListModelsResponse>("ListModels", r, ct);

    private Task<TResponse> Send<TRequest, TResponse>(string operation, TRequest request, CancellationToken ct) =>
        client.SendAsync<TRequest, TResponse>(operation, request, ct);
}
