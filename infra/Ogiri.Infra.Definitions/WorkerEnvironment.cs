using System.Globalization;
using Ogiri.Contracts;

namespace Ogiri.Infra;

/// <summary>What only exists once the stack's resources do: their names and references.</summary>
public sealed record WorkerResources(string Bucket, string Table, string TrainerImage, string SageMakerRoleArn);

/// <summary>
/// The environment of the worker functions, keyed by the names the functions read
/// (<see cref="FunctionEnvironment"/>): the one place the two sides meet.
/// </summary>
public static class WorkerEnvironment
{
    public static IReadOnlyDictionary<string, string> For(StackNames names, StackSettings settings, WorkerResources resources) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FunctionEnvironment.Bucket] = resources.Bucket,
            [FunctionEnvironment.Table] = resources.Table,
            [FunctionEnvironment.ResourcePrefix] = names.Stem,
            [FunctionEnvironment.Stack] = names.Stack,
            [FunctionEnvironment.TrainerImage] = resources.TrainerImage,
            [FunctionEnvironment.SageMakerRoleArn] = resources.SageMakerRoleArn,
            [FunctionEnvironment.TrainingInstanceType] = settings.TrainingInstanceType,
            [FunctionEnvironment.TrainingMaxSeconds] = (settings.MaxTrainingMinutes * 60).ToString(CultureInfo.InvariantCulture),
            [FunctionEnvironment.TrainingEpochs] = settings.Epochs.ToString(CultureInfo.InvariantCulture),
            [FunctionEnvironment.EndpointInstanceType] = settings.EndpointInstanceType,
            [FunctionEnvironment.TrainingManagedSpot] = settings.ManagedSpotTraining ? "true" : "false",
        };
}
