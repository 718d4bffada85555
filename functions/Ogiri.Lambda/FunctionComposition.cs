using System.Globalization;
using Ogiri.Aws;
using Ogiri.Aws.Json;
using Ogiri.Aws.Rekognition;
using Ogiri.Aws.SageMaker;
using Ogiri.Aws.Storage;
using Ogiri.Contracts;
using Ogiri.Lambda.Handlers;
using Ogiri.Lambda.Runtime;
using Ogiri.Pipeline.Deployment;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;

namespace Ogiri.Lambda;

/// <summary>
/// The composition root: reads <see cref="FunctionEnvironment"/>, makes the AWS adapters and returns the
/// handler the function's command names. <paramref name="httpImages"/> fetches http(s) image URLs;
/// <paramref name="credentials"/> replaces the standard credential chain (local stand-ins need fixed keys).
/// </summary>
public sealed class FunctionComposition(
    Func<string, string?> environment, TimeProvider clock, IImageSource? httpImages, Amazon.Runtime.AWSCredentials? credentials = null)
{
    public IHandler Create(string? handlerName)
    {
        var connection = AwsConnection.FromEnvironment(environment, credentials: credentials);
        var settings = SageMakerSettings.FromEnvironment(environment);
        var sageMaker = new SageMakerApi(connection.CreateJsonClient(AwsJsonService.SageMaker));
        var timing = new WorkerTiming(Seconds(FunctionEnvironment.DeadlineMarginSeconds, 120), Seconds(FunctionEnvironment.EndpointPollSeconds, 30));
        var s3 = connection.CreateS3();
        var store = new S3ObjectStore(s3, settings.Bucket);
        var jobs = new SageMakerTrainingJobs(sageMaker, settings);
        var hosting = new SageMakerModelHosting(sageMaker, settings);

        switch (handlerName)
        {
            case FunctionHandlers.StartTrainingJob:
                var table = new DynamoTrainingDataTable(connection.CreateDynamoDb(),
                    environment(FunctionEnvironment.Table) is { Length: > 0 } name ? name : TrainingTableSchema.TableName);
                var analyser = new RekognitionImageAnalyser(new RekognitionApi(connection.CreateJsonClient(AwsJsonService.Rekognition)), settings.Bucket);
                var sources = new Dictionary<ImageReferenceKind, IImageSource> { [ImageReferenceKind.S3] = new S3ImageSource(s3) };
                if (httpImages is not null) sources[ImageReferenceKind.Http] = httpImages;
                var registration = new PairRegistration(store, table, analyser, new CompositeImageSource(sources), clock);
                var ingestion = new UploadIngestion(store, registration, new TrainingSetSnapshot(store, table), jobs,
                    () => ResourceNames.TrainingJob(settings.ResourcePrefix, clock.GetUtcNow(), Random.Shared.Next()));
                var options = new RegistrationOptions(
                    Concurrency: Number(FunctionEnvironment.Concurrency, 16), BatchRows: Number(FunctionEnvironment.BatchRows, 64));
                return new StartTrainingJobHandler(ingestion, settings.Bucket, options, timing, Continuation(connection));
            case FunctionHandlers.EndTrainingJob:
                return new EndTrainingJobHandler(new ModelDeployment(jobs, hosting, new UploadRecords(store), ResourceNames.Endpoint(settings.ResourcePrefix)), new UploadFailures(store, new UploadRecords(store)),
                    timing, Continuation(connection), clock);
            case FunctionHandlers.Teardown:
                return new TeardownHandler(hosting);
            default:
                throw new InvalidOperationException(
                    $"unknown handler '{handlerName}'; the function's command must be one of: {string.Join(", ", FunctionHandlers.All)}");
        }
    }

    /// <summary>A fresh asynchronous invocation of this function (Lambda sets its name in the environment).</summary>
    private ContinueWith Continuation(AwsConnection connection)
    {
        var functionName = environment(FunctionEnvironment.FunctionName)
            ?? throw new InvalidOperationException($"{FunctionEnvironment.FunctionName} is not set");
        var invoker = new LambdaAsyncInvoker(connection.CreateSignedHttp(LambdaAsyncInvoker.SigningName),
            connection.EndpointFor(LambdaAsyncInvoker.EndpointPrefix, connection.LambdaEndpoint), functionName);
        return invoker.InvokeAsync;
    }

    private TimeSpan Seconds(string name, int fallback) => TimeSpan.FromSeconds(Number(name, fallback));

    private int Number(string name, int fallback) => environment(name) is { Length: > 0 } value
        ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new InvalidOperationException($"{name}='{value}' is not a positive whole number")
        : fallback;
}
