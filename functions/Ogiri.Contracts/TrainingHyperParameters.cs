namespace Ogiri.Contracts;

/// <summary>Names of the hyperparameters a training job passes the trainer (SageMaker hands them over as strings).</summary>
public static class TrainingHyperParameters
{
    public const string Epochs = "epochs";
}
