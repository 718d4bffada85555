using System.Globalization;
using Ogiri.Contracts;

namespace Ogiri.Aws.SageMaker;

/// <summary>What the stack decides about its training jobs and endpoint; read from <see cref="FunctionEnvironment"/>.</summary>
public sealed record SageMakerSettings(
    string Bucket,
    string ResourcePrefix,
    string Stack,
    string TrainerImage,
    string RoleArn,
    string TrainingInstanceType = "ml.m5.xlarge",
    int TrainingMaxSeconds = 3 * 3600,
    int Epochs = 10,
    string EndpointInstanceType = "ml.t2.medium",
    bool ManagedSpotTraining = false)
{
    public IReadOnlyList<Tag> Tags => [new Tag(ResourceNames.StackTag, Stack)];

    public string EndpointName => ResourceNames.Endpoint(ResourcePrefix);

    public string S3Uri(string key) => $"s3://{Bucket}/{key}";

    public static SageMakerSettings FromEnvironment(Func<string, string?> environment)
    {
        string Required(string name) => environment(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set");
        int Number(string name, int fallback) => environment(name) is { Length: > 0 } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new InvalidOperationException($"{name}='{value}' is not a positive whole number")
            : fallback;
        var defaults = new SageMakerSettings("", "x", "", "", "");
        return new SageMakerSettings(
            Required(FunctionEnvironment.Bucket),
            ResourceNames.ValidatePrefix(Required(FunctionEnvironment.ResourcePrefix)),
            Required(FunctionEnvironment.Stack),
            Required(FunctionEnvironment.TrainerImage),
            Required(FunctionEnvironment.SageMakerRoleArn),
            environment(FunctionEnvironment.TrainingInstanceType) is { Length: > 0 } t ? t : defaults.TrainingInstanceType,
            Number(FunctionEnvironment.TrainingMaxSeconds, defaults.TrainingMaxSeconds),
            Number(FunctionEnvironment.TrainingEpochs, defaults.Epochs),
            environment(FunctionEnvironment.EndpointInstanceType) is { Length: > 0 } e ? e : defaults.EndpointInstanceType,
            environment(FunctionEnvironment.TrainingManagedSpot) switch
            {
                null or "" or "false" => false,
                "true" => true,
                var other => throw new InvalidOperationException($"{FunctionEnvironment.TrainingManagedSpot}='{other}' is not true or false"),
            });
    }
}
