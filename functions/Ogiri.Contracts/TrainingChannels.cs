namespace Ogiri.Contracts;

/// <summary>
/// The training job's input channels (SageMaker mounts each at <c>/opt/ml/input/data/&lt;name&gt;/</c>).
/// </summary>
public static class TrainingChannels
{
    /// <summary>Holds <see cref="TrainingManifest.FileName"/>: the snapshot of the table for this job.</summary>
    public const string Manifest = "manifest";

    /// <summary>Holds the images by ImageKey. Images are content-addressed, so a shared prefix is an immutable snapshot too.</summary>
    public const string Images = "images";
}
