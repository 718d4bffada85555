using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace Ogiri.Trainer.Encoding;

/// <summary>
/// The ImageNet ResNet-18 of the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, frozen, run by ONNX Runtime:
/// its preprocessing graph (RGB 0–255 → BGR minus the mean image), then the network. The packaged graph's only
/// output is the pooled vector; the last ReLU's [1, 512, 7, 7] grid is added as a second output when the model is
/// loaded (<see cref="OnnxGraphEdit"/>), so one run gives both.
/// </summary>
public sealed class OnnxImageEncoder : IImageFeatureEncoder
{
    public const string Kind = "resnet18-imagenet";
    public const int InputSide = 224;
    public const int Channels = 512;
    public const int GridSide = 7;
    public const string ModelsFolder = "DnnImageModels";
    public const string NetworkFile = "ResNet18Onnx/ResNet18.onnx";
    public const string PreprocessFile = "ResNetPrepOnnx/ResNetPreprocess.onnx";
    private const string PreprocessInput = "OriginalInput";
    private const string PreprocessOutput = "PreprocessedInput";
    private const string NetworkInput = "Input247";
    private const string PooledOutput = "Pooling395_Output_0";
    private const string GridOutput = "ReLU393_Output_0";

    private static readonly long[] InputShape = [1, 3, InputSide, InputSide];

    private readonly InferenceSession preprocess;
    private readonly InferenceSession network;
    private readonly SessionOptions options;
    private readonly RunOptions run = new();

    private OnnxImageEncoder(byte[] preprocessModel, byte[] networkModel, int threads)
    {
        options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        // Spinning worker threads starve other work on shared cores, as libgomp's did (docs/decisions.md).
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        preprocess = new InferenceSession(preprocessModel, options);
        network = new InferenceSession(OnnxGraphEdit.AddOutput(networkModel, GridOutput, [1, Channels, GridSide, GridSide]), options);
        Id = $"{Kind}@{Digest(preprocessModel, networkModel)}";
    }

    public string Id { get; }

    public string Preprocessing =>
        $"decoded, shorter side scaled to {InputSide}, centre-cropped, RGB 0-255 channel-major; ResNetPreprocess.onnx (to BGR, minus the mean image); " +
        $"outputs {PooledOutput} [1,{Channels},1,1] and {GridOutput} [1,{Channels},{GridSide},{GridSide}]";

    public int Side => InputSide;

    /// <summary>The folder the package's props copy the models to, under the program's own folder.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, ModelsFolder);

    /// <param name="threads">Intra-op threads; 0: ONNX Runtime's default (one per core).</param>
    public static OnnxImageEncoder Open(string? folder = null, int threads = 0)
    {
        folder ??= DefaultFolder;
        var networkPath = Path.Combine(folder, NetworkFile);
        var preprocessPath = Path.Combine(folder, PreprocessFile);
        foreach (var path in new[] { networkPath, preprocessPath })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"the pretrained image encoder is missing: {path} (it comes with the program, from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package)", path);
        }
        return new OnnxImageEncoder(File.ReadAllBytes(preprocessPath), File.ReadAllBytes(networkPath), threads);
    }

    public ImageFeatures Encode(byte[] pixels)
    {
        if (pixels.Length != 3 * InputSide * InputSide)
            throw new ArgumentException($"expected {InputSide}x{InputSide} RGB pixels ({3 * InputSide * InputSide} bytes), got {pixels.Length}", nameof(pixels));
        var input = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++) input[i] = pixels[i];
        using var original = OrtValue.CreateTensorValueFromMemory(input, InputShape);
        using var prepared = preprocess.Run(run, [PreprocessInput], [original], [PreprocessOutput]);
        using var outputs = network.Run(run, [NetworkInput], [prepared[0]], [PooledOutput, GridOutput]);
        var pooled = outputs[0].GetTensorDataAsSpan<float>();
        var grid = outputs[1].GetTensorDataAsSpan<float>();
        const int cells = GridSide * GridSide;
        var tokens = new float[(1 + cells) * Channels];
        pooled.CopyTo(tokens);
        // Channel-major [512, 49] to token-major [49, 512].
        for (var c = 0; c < Channels; c++)
        {
            for (var cell = 0; cell < cells; cell++) tokens[(1 + cell) * Channels + c] = grid[c * cells + cell];
        }
        return new ImageFeatures(Channels, tokens);
    }

    private static string Digest(byte[] preprocessModel, byte[] networkModel)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(preprocessModel);
        sha.AppendData(networkModel);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    public void Dispose()
    {
        network.Dispose();
        preprocess.Dispose();
        options.Dispose();
        run.Dispose();
    }
}
