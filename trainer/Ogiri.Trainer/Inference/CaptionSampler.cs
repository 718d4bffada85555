using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Inference;

/// <summary>
/// Writes answers one character at a time, all <c>Count</c> answers in one batch. The padding,
/// begin and unknown tokens are never sampled, so an answer never holds an unknown character; an
/// answer is at least one character long.
/// </summary>
public sealed class CaptionSampler(CaptionModel network, CharTokenizer tokenizer)
{
    public IReadOnlyList<string> Sample(Tensor memory, Tensor mask, GenerationOptions options)
    {
        var n = options.Count;
        var random = new Random(options.Seed);
        var maxTokens = network.Config.MaxCaptionTokens;
        var sequences = Enumerable.Range(0, n).Select(_ => new List<int> { CharTokenizer.Begin }).ToArray();
        var done = new bool[n];
        using var memories = memory.expand(n, -1, -1).contiguous();
        using var masks = mask.expand(n, -1, -1, -1).contiguous();
        var prepared = network.PrepareDecoding(memories, masks);
        using var cache = network.NewDecodingCache();
        for (var step = 0; step < maxTokens && done.Any(d => !d); step++)
        {
            float[] probabilities;
            int vocabulary;
            using (var scope = NewDisposeScope())
            {
                var input = tensor(sequences.Select(s => (long)s[^1]).ToArray(), [n, 1]);
                var logits = network.DecodeNext(input, prepared, cache);
                vocabulary = (int)logits.shape[1];
                var banned = new List<long> { CharTokenizer.Pad, CharTokenizer.Begin, CharTokenizer.Unknown };
                if (step == 0) banned.Add(CharTokenizer.End);
                logits.index_fill_(1, tensor(banned.ToArray()), float.NegativeInfinity);
                var scaled = options.Temperature > 0 ? logits / options.Temperature : logits;
                probabilities = nn.functional.softmax(scaled, 1).data<float>().ToArray();
            }
            for (var b = 0; b < n; b++)
            {
                if (done[b])
                {
                    sequences[b].Add(CharTokenizer.Pad); // keeps the batch rectangular; decoding stops at End anyway
                    continue;
                }
                var row = probabilities.AsSpan(b * vocabulary, vocabulary);
                var next = options.Temperature > 0 ? Nucleus(row, options.TopP, random) : ArgMax(row);
                sequences[b].Add(next);
                if (next == CharTokenizer.End) done[b] = true;
            }
        }
        return [.. sequences.Select(s => tokenizer.Decode(s))];
    }

    private static int ArgMax(ReadOnlySpan<float> p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /// <summary>Samples from the smallest set of tokens whose probability reaches <paramref name="topP"/>.</summary>
    private static int Nucleus(ReadOnlySpan<float> p, double topP, Random random)
    {
        // A primitive key sort (most probable first) instead of a comparison delegate: this runs for every
        // sequence at every step, and the delegate sort was a large share of generation time.
        var order = new int[p.Length];
        var keys = new float[p.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = -p[i];
        }
        Array.Sort(keys, order);
        var copy = p;
        double kept = 0;
        var count = 0;
        while (count < order.Length && (count == 0 || kept < topP))
        {
            kept += copy[order[count]];
            count++;
        }
        var u = random.NextDouble() * kept;
        for (var i = 0; i < count; i++)
        {
            u -= copy[order[i]];
            if (u <= 0) return order[i];
        }
        return order[count - 1];
    }
}
