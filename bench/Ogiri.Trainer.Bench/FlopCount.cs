using Ogiri.Trainer.Models;

namespace Ogiri.Trainer.Bench;

/// <summary>
/// Analytic FLOPs of a training step: multiply-adds of convolutions, linear layers and attention
/// matmuls count 2 FLOPs each; the backward pass counts twice the forward (gradients for inputs and
/// for weights), so a step is 3× forward. Element-wise work (norms, activations, softmax, the
/// optimizer) is left out, which understates the work done. With the mismatch loss on, a step decodes every
/// answer a second time against another example's memory, so the decoder's share counts twice.
/// </summary>
public static class FlopCount
{
    public static double TrainingStep(ModelConfig c, int batch, int captionTokens, bool mismatched) =>
        3 * batch * (Forward(c, captionTokens) + (mismatched ? Decode(c, captionTokens) : 0));

    public static double Forward(ModelConfig c, int t) => Encode(c) + Decode(c, t);

    private static double Encode(ModelConfig c)
    {
        var d = c.ModelDim;
        var m = c.ImageTokens + c.MaxLabels + c.MaxTextTokens;
        var memory = c.MemoryLayers * Block(d, c.FeedForwardDim, m, m, cross: false, 0);
        // The frozen pretrained encoder runs once per image, outside the step; only the adapter's projections train.
        if (c.UsesFeatures) return 2.0 * ModelConfig.FeatureWidth * d * c.ImageTokens + memory;
        double flops = 0;
        var side = c.ImageSize / 2;
        flops += 2.0 * 3 * c.EncoderChannels[0] * 9 * side * side; // stem
        for (var i = 1; i < c.EncoderChannels.Count; i++)
        {
            flops += 2.0 * c.EncoderChannels[i - 1] * c.EncoderChannels[i] * 9 * side * side;
            side /= 2;
        }
        flops += 2.0 * c.EncoderChannels[^1] * d * c.ImageTokens; // projection of the grid
        return flops + memory;
    }

    private static double Decode(ModelConfig c, int t)
    {
        var d = c.ModelDim;
        var m = c.ImageTokens + c.MaxLabels + c.MaxTextTokens;
        return c.DecoderLayers * Block(d, c.FeedForwardDim, t, t, cross: true, m)
            + 2.0 * d * d // pooled picture
            + 2.0 * t * d * c.VocabularySize; // output projection
    }

    private static double Block(int d, int ff, int tokens, int keys, bool cross, int memory)
    {
        var f = 2.0 * tokens * 4 * d * d + 2.0 * 2 * tokens * keys * d; // self-attention projections + scores and values
        if (cross) f += 2.0 * (2 * tokens * d * d + 2 * memory * d * d) + 2.0 * 2 * tokens * memory * d;
        f += 2.0 * 2 * tokens * d * ff;
        return f;
    }
}
