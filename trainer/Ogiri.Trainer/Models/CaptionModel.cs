using Ogiri.Trainer.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>What the model is conditioned on, as tensors for a batch.</summary>
/// <param name="Images">[batch, 3, side, side] float, normalised; or, for a pretrained encoder, its features [batch, 1 + cells, width].</param>
/// <param name="LabelIds">[batch, labels] long; <see cref="LabelVocabulary.Pad"/> where absent.</param>
/// <param name="LabelConfidences">[batch, labels] float in 0..1.</param>
/// <param name="TextIds">[batch, chars] long; <see cref="CharTokenizer.Pad"/> where absent.</param>
public sealed record Conditions(Tensor Images, Tensor LabelIds, Tensor LabelConfidences, Tensor TextIds);

/// <summary>
/// The caption model. A CNN turns the image into a grid of feature tokens; labels (name embedding
/// plus a confidence term) and the detected text's characters become further tokens; one
/// transformer layer mixes them into a memory; a causal transformer decoder writes the answer
/// character by character, cross-attending to that memory at every layer, so every generated
/// character can depend on the picture.
/// </summary>
public sealed class CaptionModel : nn.Module
{
    private const int ImageType = 0;
    private const int LabelType = 1;
    private const int TextType = 2;

    private readonly nn.Module<Tensor, Tensor> image;
    private readonly Embedding tokens;
    private readonly Parameter captionPosition;
    private readonly Parameter textPosition;
    private readonly Embedding labels;
    private readonly Linear confidence;
    private readonly Embedding types;
    private readonly ModuleList<TransformerBlock> memoryBlocks;
    private readonly ModuleList<TransformerBlock> decoderBlocks;
    private readonly LayerNorm memoryNorm;
    private readonly LayerNorm finalNorm;
    private readonly Parameter outputBias;
    private readonly Linear summary;
    private readonly Linear concepts;
    private readonly Parameter conceptBias;

    public CaptionModel(ModelConfig config) : base("caption_model")
    {
        Config = config;
        var d = config.ModelDim;
        image = config.Encoder switch
        {
            ModelConfig.Pretrained => new FeatureAdapter("image", config),
            ModelConfig.ResNet18 => new ResNetEncoder("image", config),
            _ => new ImageEncoder("image", config),
        };
        tokens = nn.Embedding(config.VocabularySize, d, padding_idx: CharTokenizer.Pad);
        captionPosition = nn.Parameter(randn(config.MaxCaptionTokens + 1, d) * 0.02);
        textPosition = nn.Parameter(randn(config.MaxTextTokens, d) * 0.02);
        labels = nn.Embedding(config.LabelVocabularySize, d, padding_idx: LabelVocabulary.Pad);
        confidence = nn.Linear(1, d);
        types = nn.Embedding(3, d);
        memoryBlocks = nn.ModuleList([.. Enumerable.Range(0, config.MemoryLayers).Select(i => new TransformerBlock($"memory{i}", config, causal: false, cross: false))]);
        decoderBlocks = nn.ModuleList([.. Enumerable.Range(0, config.DecoderLayers).Select(i => new TransformerBlock($"decoder{i}", config, causal: true, cross: true))]);
        memoryNorm = nn.LayerNorm(d);
        finalNorm = nn.LayerNorm(d);
        outputBias = nn.Parameter(zeros(config.VocabularySize));
        summary = nn.Linear(d, d);
        concepts = nn.Linear(d, d);
        conceptBias = nn.Parameter(zeros(config.VocabularySize));
        using (no_grad())
        {
            // Embeddings are scaled by sqrt(dim) on the way in, so each element starts near unit size;
            // the tied output projection then starts with logits of unit size too.
            tokens.weight!.normal_(0, 1 / Math.Sqrt(d));
            tokens.weight![CharTokenizer.Pad].zero_();
            // The picture path starts silent and grows as it proves useful.
            summary.weight!.zero_();
        }
        RegisterComponents();
    }

    public ModelConfig Config { get; }

    /// <summary>The ResNet-18 trunk, when the config asks for one.</summary>
    public ResNetEncoder? ResNet => image as ResNetEncoder;

    /// <summary>The memory the decoder reads and its key mask [batch, 1, 1, tokens] (true = present).</summary>
    public (Tensor Memory, Tensor Mask) Encode(Conditions c)
    {
        using var scope = NewDisposeScope();
        var (memory, mask) = Encode(c, image.forward(c.Images));
        return (memory.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    private (Tensor Memory, Tensor Mask) Encode(Conditions c, Tensor picture)
    {
        var batch = c.Images.shape[0];
        var imageTokens = picture + types.forward(tensor(ImageType));
        var labelTokens = labels.forward(c.LabelIds) + confidence.forward(c.LabelConfidences.unsqueeze(-1)) + types.forward(tensor(LabelType));
        var textLength = c.TextIds.shape[1];
        var textTokens = Embed(c.TextIds) + textPosition.narrow(0, 0, textLength) + types.forward(tensor(TextType));
        var memory = cat([imageTokens, labelTokens, textTokens], 1);
        var mask = cat([ones(batch, imageTokens.shape[1], dtype: ScalarType.Bool),
            c.LabelIds.ne(LabelVocabulary.Pad), c.TextIds.ne(CharTokenizer.Pad)], 1).view(batch, 1, 1, -1);
        foreach (var block in memoryBlocks) memory = block.Apply(memory, mask, null, null);
        return (memoryNorm.forward(memory), mask);
    }

    /// <param name="input">[batch, length] token ids starting with <see cref="CharTokenizer.Begin"/>.</param>
    /// <returns>Logits [batch, length, vocabulary] for the next token at each position.</returns>
    public Tensor Decode(Tensor input, Tensor memory, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return Project(Hidden(input, memory, mask)).MoveToOuterDisposeScope();
    }

    /// <summary>What decoding needs from the memory, made once for all the steps of a generation.</summary>
    public sealed record DecoderMemory(Tensor Picture, IReadOnlyList<(Tensor Keys, Tensor Values)?> Cross, Tensor Mask);

    /// <summary>Prepares <paramref name="memory"/> for <see cref="DecodeNext"/>; the tensors live in the caller's dispose scope.</summary>
    public DecoderMemory PrepareDecoding(Tensor memory, Tensor mask) =>
        new(Picture(memory), [.. decoderBlocks.Select(b => b.CrossKeysAndValues(memory))], mask);

    /// <summary>A cache for <see cref="DecodeNext"/>, one entry per decoder layer.</summary>
    public SelfAttentionCache NewDecodingCache() => new(decoderBlocks.Count);

    /// <summary>
    /// The logits [batch, vocabulary] after <paramref name="tokens"/> [batch, 1], the next position of every sequence:
    /// all that sampling needs, with the memory's projections made once (<see cref="PrepareDecoding"/>) and the earlier
    /// positions' self-attention keys and values kept in <paramref name="cache"/>. Equal to the last position of
    /// <see cref="Decode"/> over the whole prefix (a test holds them together).
    /// </summary>
    public Tensor DecodeNext(Tensor tokens, DecoderMemory memory, SelfAttentionCache cache)
    {
        using var scope = NewDisposeScope();
        var x = Embed(tokens) + captionPosition.narrow(0, cache.Length, 1) + memory.Picture;
        for (var i = 0; i < decoderBlocks.Count; i++) x = decoderBlocks[i].Step(x, cache, i, memory.Cross[i], memory.Mask);
        cache.Length++;
        return Project(finalNorm.forward(x.select(1, 0))).MoveToOuterDisposeScope();
    }

    private Tensor Hidden(Tensor input, Tensor memory, Tensor mask)
    {
        var x = Embed(input) + captionPosition.narrow(0, 0, input.shape[1]) + Picture(memory);
        foreach (var block in decoderBlocks) x = block.Apply(x, null, memory, mask);
        return finalNorm.forward(x);
    }

    // The pooled picture is added to every position as well: a short path from the image to each
    // character, which trains far faster from scratch than cross-attention alone.
    private Tensor Picture(Tensor memory) => summary.forward(memory.narrow(1, 0, Config.ImageTokens).mean([1])).unsqueeze(1);

    private Tensor Project(Tensor hidden) => matmul(hidden, tokens.weight!.t()) + outputBias;

    private Tensor Embed(Tensor ids) => tokens.forward(ids) * Math.Sqrt(Config.ModelDim);

    public Tensor Forward(Conditions c, Tensor input)
    {
        using var scope = NewDisposeScope();
        var (memory, mask) = Encode(c);
        return Decode(input, memory, mask).MoveToOuterDisposeScope();
    }

    /// <summary>What training's forward pass gives: see <see cref="ForwardTraining"/>.</summary>
    public sealed record TrainingOutputs(Tensor Logits, Tensor Concepts, Tensor? MismatchedLogits);

    /// <summary>
    /// Training's forward pass: the next-token logits; the concept logits [batch, vocabulary] — which characters
    /// the answer holds, guessed from the picture alone (see <see cref="ConceptLoss"/>); and, when asked, the
    /// logits of each answer read against the previous example's picture (see <see cref="MismatchLoss"/>).
    /// </summary>
    public TrainingOutputs ForwardTraining(Conditions c, Tensor input, bool mismatched)
    {
        using var scope = NewDisposeScope();
        var picture = image.forward(c.Images);
        var (memory, mask) = Encode(c, picture);
        var logits = Decode(input, memory, mask);
        var guess = matmul(concepts.forward(picture.mean([1])), tokens.weight!.t()) + conceptBias;
        var other = mismatched ? Decode(input, memory.roll(1, 0), mask.roll(1, 0)) : null;
        return new TrainingOutputs(logits.MoveToOuterDisposeScope(), guess.MoveToOuterDisposeScope(), other?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// A hinge on how much likelier each answer is with its own picture than with another: mean per-token NLL
    /// against the other picture should exceed that against its own by <paramref name="margin"/>. Captioning
    /// alone lets the decoder lean on the template words every answer shares; this asks the answer's
    /// likelihood to depend on the picture, which is what matching answers to pictures measures.
    /// </summary>
    /// <param name="otherThanPrevious">[batch] bool; pairs whose "other" picture is the same picture are left out.</param>
    public static Tensor MismatchLoss(Tensor logits, Tensor mismatchedLogits, Tensor target, Tensor otherThanPrevious, double margin)
    {
        using var scope = NewDisposeScope();
        var (own, count) = SequenceNll(logits, target);
        var (other, _) = SequenceNll(mismatchedLogits, target);
        var gap = (other - own) / count.clamp_min(1);
        var hinge = nn.functional.relu(margin - gap) * otherThanPrevious.to_type(ScalarType.Float32);
        return (hinge.sum() / otherThanPrevious.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Cross-entropy between the answer's bag of characters and <paramref name="conceptLogits"/>. An answer names
    /// what is in the picture, so this gives the image encoder a direct signal of what to see, where the
    /// captioning loss alone reaches it only through the decoder (it raises how far answers depend on the image).
    /// </summary>
    public static Tensor ConceptLoss(Tensor conceptLogits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var vocabulary = conceptLogits.shape[1];
        var bag = zeros(target.shape[0], vocabulary).scatter_add_(1, target, ones(target.shape, dtype: ScalarType.Float32));
        bag.index_fill_(1, tensor(new long[] { CharTokenizer.Pad, CharTokenizer.Begin, CharTokenizer.End, CharTokenizer.Unknown }), 0);
        var weights = bag / bag.sum(1, keepdim: true).clamp_min(1);
        var loss = -(weights * nn.functional.log_softmax(conceptLogits, 1)).sum(1).mean();
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Per-sequence summed negative log-likelihood and token count of <paramref name="target"/> (pads ignored).</summary>
    public static (Tensor Sum, Tensor Count) SequenceNll(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var logp = nn.functional.log_softmax(logits, -1).gather(-1, target.unsqueeze(-1)).squeeze(-1);
        var present = target.ne(CharTokenizer.Pad);
        var sum = -(logp * present).sum(1);
        var count = present.sum(1).to_type(ScalarType.Float32);
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }
}
