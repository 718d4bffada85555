using System.Text.Json;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Inference;

/// <summary>
/// A trained model ready to use: the network with its tokenizer and label vocabulary. Loads from a
/// model folder, writes answers for an image and scores given answers. Not thread-safe: one
/// caller at a time (the network's train/eval mode is shared state).
/// </summary>
public sealed class OgiriModel : IDisposable
{
    /// <param name="imageEncoder">The frozen encoder the network's features come from, when it reads features (owned: disposed with this).</param>
    public OgiriModel(CaptionModel network, CharTokenizer tokenizer, LabelVocabulary labels, IReadOnlySet<string> trainingAnswers,
        IImageFeatureEncoder? imageEncoder = null)
    {
        ImageEncoder = imageEncoder;
        Network = network;
        Tokenizer = tokenizer;
        Labels = labels;
        TrainingAnswers = trainingAnswers;
        Encoder = new ConditionEncoder(tokenizer, labels, network.Config);
        Batches = new BatchBuilder(Encoder, network.Config);
    }

    public CaptionModel Network { get; }
    public CharTokenizer Tokenizer { get; }
    public LabelVocabulary Labels { get; }
    public ConditionEncoder Encoder { get; }
    public BatchBuilder Batches { get; }
    public ModelConfig Config => Network.Config;

    /// <summary>The frozen encoder run on each request's picture, for a network that reads its features.</summary>
    public IImageFeatureEncoder? ImageEncoder { get; }

    /// <summary>The training answers, NFKC-normalised: to tell a new answer from a copied one.</summary>
    public IReadOnlySet<string> TrainingAnswers { get; }

    /// <summary>
    /// Loads every file of the folder and the weights into the network (names and shapes checked); whatever is wrong
    /// with the folder comes out as one <see cref="InvalidModelException"/>, so a caller can refuse it and keep
    /// what it has.
    /// </summary>
    /// <param name="threads">The network's intra-op threads; 0: one per core. The pretrained encoder always uses every core: its
    /// convolutions over a 224 px picture divide well, unlike decoding's one-token steps.</param>
    /// <param name="encoderFolder">Where the pretrained encoder's ONNX files are; null: beside the program.</param>
    public static OgiriModel Load(string folder, int threads = 0, string? encoderFolder = null)
    {
        Training.TorchRuntime.Prepare(threads);
        try
        {
            return LoadFiles(folder, encoderFolder);
        }
        catch (Exception e) when (e is not (InvalidModelException or OutOfMemoryException or OperationCanceledException))
        {
            throw InvalidModelException.For(folder, e);
        }
    }

    /// <summary>Loads the folder and throws it away: the check before a model is deployed.</summary>
    public static void Verify(string folder)
    {
        using var _ = Load(folder, threads: 1);
    }

    private static OgiriModel LoadFiles(string folder, string? encoderFolder)
    {
        var config = ModelFolder.ReadConfig(folder);
        var tokenizer = CharTokenizer.Load(Path.Combine(folder, ModelFolder.Tokenizer));
        var labels = LabelVocabulary.Load(Path.Combine(folder, ModelFolder.Labels));
        if (tokenizer.VocabularySize != config.VocabularySize || labels.Size != config.LabelVocabularySize)
            throw new InvalidDataException($"{folder}: the tokenizer or label files do not match {ModelFolder.Config}");
        var answersPath = Path.Combine(folder, ModelFolder.TrainingAnswers);
        var answers = File.Exists(answersPath) ? JsonSerializer.Deserialize<string[]>(File.ReadAllText(answersPath)) ?? [] : [];
        var imageEncoder = config.UsesFeatures ? OpenEncoder(folder, config, encoderFolder) : null;
        CaptionModel? network = null;
        try
        {
            network = new CaptionModel(config);
            network.load(Path.Combine(folder, ModelFolder.Weights));
            network.eval();
            return new OgiriModel(network, tokenizer, labels, new HashSet<string>(answers, StringComparer.Ordinal), imageEncoder);
        }
        catch
        {
            network?.Dispose();
            imageEncoder?.Dispose();
            throw;
        }
    }

    /// <summary>The encoder the model was trained with, or a clear refusal: features of another encoder mean nothing to it.</summary>
    private static OnnxImageEncoder OpenEncoder(string folder, ModelConfig config, string? encoderFolder)
    {
        var encoder = OnnxImageEncoder.Open(encoderFolder);
        if (config.EncoderId == encoder.Id) return encoder;
        encoder.Dispose();
        throw new InvalidModelException(
            $"{folder}: the model was trained with image encoder {config.EncoderId ?? "(none recorded)"}, but this program has {encoder.Id}; " +
            "it would answer from features it never learnt: train it again with this program");
    }

    /// <summary>Writes weights, tokenizer, labels and training answers; config and reports are the trainer's.</summary>
    public void SaveWeightsAndVocabularies(string folder)
    {
        Directory.CreateDirectory(folder);
        Network.save(Path.Combine(folder, ModelFolder.Weights));
        Tokenizer.Save(Path.Combine(folder, ModelFolder.Tokenizer));
        Labels.Save(Path.Combine(folder, ModelFolder.Labels));
        File.WriteAllText(Path.Combine(folder, ModelFolder.TrainingAnswers), JsonSerializer.Serialize(TrainingAnswers.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Decodes the image at the model's input size (and runs the frozen encoder on it, if any); a bad image fails here with
    /// a clear message. Unlike the rest, safe to call from several threads at once (the network is not touched).
    /// </summary>
    public ImageItem Prepare(CaptionRequest request)
    {
        var pixels = ImagePixels.Decode(request.Image.Span, Config.CacheSide);
        if (!Config.UsesFeatures) return new(pixels, request.Labels ?? [], request.Text);
        var encoder = ImageEncoder ?? throw new InvalidOperationException("this model reads a pretrained encoder's features, and none was given");
        return new(pixels, request.Labels ?? [], request.Text, [encoder.Encode(pixels)]);
    }

    public IReadOnlyList<string> Generate(CaptionRequest request, GenerationOptions options) => Generate(Prepare(request), options);

    public IReadOnlyList<string> Generate(ImageItem image, GenerationOptions options)
    {
        using var encoded = Encode(image);
        return Generate(encoded, options);
    }

    /// <summary>
    /// The image's memory, made once for a request: sampling rounds and scoring all read the same one (encoding
    /// again for each was a sizeable share of a request).
    /// </summary>
    public EncodedImage Encode(ImageItem image)
    {
        Network.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (memory, mask) = Network.Encode(Batches.Conditions([image], Augmentation.None));
        return new EncodedImage(memory.DetachFromDisposeScope(), mask.DetachFromDisposeScope());
    }

    public IReadOnlyList<string> Generate(EncodedImage image, GenerationOptions options)
    {
        options.Check();
        Network.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return new CaptionSampler(Network, Tokenizer).Sample(image.Memory, image.Mask, options);
    }

    /// <summary>Mean negative log-likelihood per token of each caption given the image (lower is likelier).</summary>
    public double[] Score(CaptionRequest request, IReadOnlyList<string> captions) => Score(Prepare(request), captions);

    public double[] Score(ImageItem image, IReadOnlyList<string> captions)
    {
        using var encoded = Encode(image);
        return Score(encoded, captions);
    }

    public double[] Score(EncodedImage image, IReadOnlyList<string> captions)
    {
        Network.eval();
        using var _ = no_grad();
        return ScoreAgainst(image.Memory, image.Mask, captions);
    }

    /// <summary>Scores captions against one encoded image (memory of batch 1).</summary>
    public double[] ScoreAgainst(Tensor memory, Tensor mask, IReadOnlyList<string> captions)
    {
        using var scope = NewDisposeScope();
        var n = captions.Count;
        var (input, target) = BatchBuilder.Captions([.. captions.Select(Encoder.EncodeCaption)]);
        var logits = Network.Decode(input, memory.expand(n, -1, -1), mask.expand(n, -1, -1, -1));
        var (sum, count) = CaptionModel.SequenceNll(logits, target);
        return [.. (sum / count).to_type(ScalarType.Float64).data<double>()];
    }

    public static bool HoldsUnknown(string answer) => answer.Contains('\uFFFD', StringComparison.Ordinal);

    public bool IsTrainingAnswer(string answer) => TrainingAnswers.Contains(CharTokenizer.Normalize(answer));

    public void Dispose()
    {
        Network.Dispose();
        ImageEncoder?.Dispose();
    }
}

/// <summary>An image's memory and key mask (batch 1), owned outside dispose scopes until disposed.</summary>
public sealed class EncodedImage(Tensor memory, Tensor mask) : IDisposable
{
    public Tensor Memory { get; } = memory;
    public Tensor Mask { get; } = mask;

    public void Dispose()
    {
        Memory.Dispose();
        Mask.Dispose();
    }
}
