using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Tests;

/// <summary>Generation's one-position-at-a-time decoding against the training pass over the whole prefix.</summary>
public sealed class IncrementalDecodingTests
{
    [Fact]
    public void Each_next_position_gets_the_logits_the_whole_prefix_gives()
    {
        manual_seed(5);
        var config = new ModelConfig(32, [16, 32, 64], ModelDim: 64, Heads: 4, MemoryLayers: 1, DecoderLayers: 2, FeedForwardDim: 128,
            Dropout: 0.1, MaxCaptionTokens: 12, MaxTextTokens: 6, MaxLabels: 3, VocabularySize: 40, LabelVocabularySize: 5);
        using var model = new CaptionModel(config);
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        const int batch = 3, length = 10;
        var conditions = new Conditions(randn(batch, 3, 32, 32), tensor(new long[,] { { 2, 3, 0 }, { 4, 0, 0 }, { 0, 0, 0 } }),
            rand(batch, 3), tensor(new long[,] { { 7, 8, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 }, { 9, 10, 11, 12, 0, 0 } }));
        var tokens = randint(CharTokenizer.Unknown + 1, 40, [batch, length]);
        tokens[.., 0] = tensor(CharTokenizer.Begin);

        var (memory, mask) = model.Encode(conditions);
        var whole = model.Decode(tokens, memory, mask);
        var prepared = model.PrepareDecoding(memory, mask);
        using var cache = model.NewDecodingCache();
        for (var t = 0; t < length; t++)
        {
            var next = model.DecodeNext(tokens.narrow(1, t, 1), prepared, cache);
            var expected = whole.select(1, t);
            var gap = (next - expected).abs().max().item<float>();
            Assert.True(gap < 1e-4, $"position {t}: largest difference {gap}");
        }
        Assert.Equal(length, cache.Length);
    }
}
