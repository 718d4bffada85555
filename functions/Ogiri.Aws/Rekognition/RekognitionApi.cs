using Ogiri.Aws.Json;

namespace Ogiri.Aws.Rekognition;

public sealed record S3ObjectRef(string Bucket, string Name);

/// <summary>An image by S3 object, or inline (base64 in the JSON body; 5 MB at most).</summary>
public sealed record RekognitionImage(S3ObjectRef? S3Object = null, byte[]? Bytes = null);

public sealed record DetectLabelsRequest(RekognitionImage Image, int? MaxLabels = null, double? MinConfidence = null);
public sealed record RekognitionLabel(string Name, double Confidence);
public sealed record DetectLabelsResponse(IReadOnlyList<RekognitionLabel>? Labels);

public sealed record DetectTextRequest(RekognitionImage Image);
public sealed record TextDetection(string DetectedText, string Type, int Id, int? ParentId, double Confidence);
public sealed record DetectTextResponse(IReadOnlyList<TextDetection>? TextDetections);

/// <summary>The two Rekognition operations the product uses.</summary>
public sealed class RekognitionApi(AwsJsonClient client)
{
    public Task<DetectLabelsResponse> DetectLabelsAsync(DetectLabelsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync<DetectLabelsRequest, DetectLabelsResponse>("DetectLabels", request, cancellationToken);

    public Task<DetectTextResponse> DetectTextAsync(DetectTextRequest request, CancellationToken cancellationToken) =>
        client.SendAsync<DetectTextRequest, DetectTextResponse>("DetectText", request, cancellationToken);
}
