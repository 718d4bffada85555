using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Ogiri.Aws.Json;
using Ogiri.Contracts;

namespace Ogiri.Aws;

/// <summary>
/// Region, credentials and (optionally) per-service endpoint overrides: every AWS client of the product is
/// made here, so pointing them all at S3- or DynamoDB-compatible servers is one setting each.
/// </summary>
public sealed record AwsConnection(string Region, AWSCredentials Credentials)
{
    public Uri? S3Endpoint { get; init; }
    public Uri? DynamoDbEndpoint { get; init; }
    public Uri? RekognitionEndpoint { get; init; }
    public Uri? SageMakerEndpoint { get; init; }
    public Uri? LambdaEndpoint { get; init; }

    /// <summary>The region and overrides from <see cref="FunctionEnvironment"/>; credentials from the standard chain unless given.</summary>
    public static AwsConnection FromEnvironment(Func<string, string?> environment, string? region = null, AWSCredentials? credentials = null)
    {
        region ??= environment(FunctionEnvironment.Region) ?? environment("AWS_DEFAULT_REGION")
            ?? throw new InvalidOperationException($"no AWS region: set {FunctionEnvironment.Region} or give --region");
        return new AwsConnection(region, credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials())
        {
            S3Endpoint = UriFrom(environment, FunctionEnvironment.S3Endpoint),
            DynamoDbEndpoint = UriFrom(environment, FunctionEnvironment.DynamoDbEndpoint),
            RekognitionEndpoint = UriFrom(environment, FunctionEnvironment.RekognitionEndpoint),
            SageMakerEndpoint = UriFrom(environment, FunctionEnvironment.SageMakerEndpoint),
            LambdaEndpoint = UriFrom(environment, FunctionEnvironment.LambdaEndpoint),
        };
    }

    public IAmazonS3 CreateS3()
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) };
        if (S3Endpoint is not null)
        {
            // S3-compatible servers: path-style addressing, signed for the configured region.
            config.ServiceURL = S3Endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = Region;
        }
        return new AmazonS3Client(Credentials, config);
    }

    public IAmazonDynamoDB CreateDynamoDb()
    {
        var config = new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) };
        if (DynamoDbEndpoint is not null)
        {
            config.ServiceURL = DynamoDbEndpoint.ToString();
            config.AuthenticationRegion = Region;
        }
        return new AmazonDynamoDBClient(Credentials, config);
    }

    public AwsJsonClient CreateJsonClient(AwsJsonService service) =>
        new(service, EndpointFor(service.EndpointPrefix, service == AwsJsonService.Rekognition ? RekognitionEndpoint : SageMakerEndpoint),
            SignedHttp.Create(this, service.SigningName));

    public HttpClient CreateSignedHttp(string signingName) => SignedHttp.Create(this, signingName);

    /// <summary>The override, else the region's public endpoint for the service.</summary>
    public Uri EndpointFor(string endpointPrefix, Uri? overridden) =>
        overridden ?? new Uri($"https://{endpointPrefix}.{Region}.amazonaws.com{(Region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");

    private static Uri? UriFrom(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value
            ? Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{name}='{value}' is not an absolute URL")
            : null;
}
