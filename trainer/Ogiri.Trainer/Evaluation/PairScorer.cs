using Ogiri.Trainer.Data;
using Ogiri.Trainer.Inference;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Evaluation;

/// <summary>(image, caption) pairs to score: an index into the image list and a caption.</summary>
public readonly record struct PairQuery(int Image, string Caption);

/// <summary>
/// Scores many (image, caption) pairs: each image is encoded once, then captions are decoded in
/// batches against their image's memory. Returns the mean negative log-likelihood per token.
/// </summary>
public static class PairScorer
{
    public static double[] Score(OgiriModel model, IReadOnlyList<ImageItem> images, IReadOnlyList<PairQuery> queries, int batchSize = 64)
    {
        var network = model.Network;
        network.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var memories = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var chunk in images.Chunk(32))
        {
            var (memory, mask) = network.Encode(model.Batches.Conditions(chunk, Augmentation.None));
            memories.Add(memory);
            masks.Add(mask);
        }
        var allMemory = cat(memories, 0);
        var allMask = cat(masks, 0);
        var result = new double[queries.Count];
        for (var start = 0; start < queries.Count; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var chunk = queries.Skip(start).Take(batchSize).ToArray();
            var index = tensor(chunk.Select(q => (long)q.Image).ToArray());
            var (input, target) = BatchBuilder.Captions([.. chunk.Select(q => model.Encoder.EncodeCaption(q.Caption))]);
            var logits = network.Decode(input, allMemory.index_select(0, index), allMask.index_select(0, index));
            var (sum, count) = Models.CaptionModel.SequenceNll(logits, target);
            var mean = (sum / count).to_type(ScalarType.Float64).data<double>().ToArray();
            mean.CopyTo(result, start);
        }
        return result;
    }
}
