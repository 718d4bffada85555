namespace Ogiri.Contracts;

/// <summary>What the inference container is told by the model it serves (SageMaker CreateModel's container Environment).</summary>
public static class ModelContainer
{
    /// <summary>The model's version (its name), reported with every answer.</summary>
    public const string VersionVariable = "OGIRI_MODEL_VERSION";
}
