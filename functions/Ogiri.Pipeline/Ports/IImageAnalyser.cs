namespace Ogiri.Pipeline.Ports;

/// <summary>An image that passed inspection and is stored at <paramref name="ObjectKey"/> in the object store.</summary>
public sealed record StoredImage(string ImageKey, string ObjectKey, ReadOnlyMemory<byte> Content, ImageInfo Info);

/// <summary>Rekognition DetectLabels + DetectText in the cloud; Tesseract and a local labeler on one machine.</summary>
public interface IImageAnalyser
{
    Task<ImageAnalysis> AnalyseAsync(StoredImage image, CancellationToken cancellationToken);
}
