using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Models;

/// <summary>Multi-head attention on batch-first tensors [batch, length, dim], via the fused kernel.</summary>
public sealed class Attention : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear output;
    private readonly int heads;
    private readonly double dropout;
    private readonly bool causal;

    public Attention(string name, int dim, int heads, double dropout, bool causal) : base(name)
    {
        query = nn.Linear(dim, dim);
        key = nn.Linear(dim, dim);
        value = nn.Linear(dim, dim);
        output = nn.Linear(dim, dim);
        this.heads = heads;
        this.dropout = dropout;
        this.causal = causal;
        RegisterComponents();
    }

    /// <param name="keyMask">[batch, 1, 1, keys], true where a key may be attended to; null: all.</param>
    public override Tensor forward(Tensor x, Tensor context, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var (k, v) = KeysAndValues(context);
        return Attend(x, k, v, keyMask).MoveToOuterDisposeScope();
    }

    /// <summary>The context's keys and values, split by head; worth keeping when the context stays the same over many calls.</summary>
    public (Tensor Keys, Tensor Values) KeysAndValues(Tensor context) => (SplitHeads(key.forward(context)), SplitHeads(value.forward(context)));

    /// <summary>Attention of <paramref name="x"/> over keys and values made by <see cref="KeysAndValues"/>.</summary>
    public Tensor Attend(Tensor x, Tensor k, Tensor v, Tensor? keyMask) => Attend(x, k, v, keyMask, causal);

    /// <summary>
    /// <paramref name="past"/> keys and values with those of <paramref name="x"/>'s positions appended: decoding one
    /// position at a time, earlier positions' keys and values never change.
    /// </summary>
    public (Tensor Keys, Tensor Values) Extend((Tensor Keys, Tensor Values)? past, Tensor x)
    {
        using var scope = NewDisposeScope();
        var (k, v) = KeysAndValues(x);
        if (past is { } p) (k, v) = (cat([p.Keys, k], 2), cat([p.Values, v], 2));
        return (k.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope());
    }

    /// <summary>The newest position attending to every key so far: causal by construction, so no mask.</summary>
    public Tensor AttendLatest(Tensor x, Tensor k, Tensor v) => Attend(x, k, v, null, isCausal: false);

    private Tensor Attend(Tensor x, Tensor k, Tensor v, Tensor? keyMask, bool isCausal)
    {
        using var scope = NewDisposeScope();
        var q = SplitHeads(query.forward(x));
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, keyMask, training ? dropout : 0, isCausal);
        var (b, h, t, d) = (attended.shape[0], attended.shape[1], attended.shape[2], attended.shape[3]);
        return output.forward(attended.transpose(1, 2).reshape(b, t, h * d)).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], heads, -1).transpose(1, 2);
}

/// <summary>A pre-norm transformer block: self-attention, optional cross-attention to a memory, feed-forward.</summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly LayerNorm selfNorm;
    private readonly Attention selfAttention;
    private readonly LayerNorm? crossNorm;
    private readonly Attention? crossAttention;
    private readonly LayerNorm feedNorm;
    private readonly Sequential feed;
    private readonly Dropout drop;

    public TransformerBlock(string name, ModelConfig c, bool causal, bool cross) : base(name)
    {
        selfNorm = nn.LayerNorm(c.ModelDim);
        selfAttention = new Attention("self", c.ModelDim, c.Heads, c.Dropout, causal);
        if (cross)
        {
            crossNorm = nn.LayerNorm(c.ModelDim);
            crossAttention = new Attention("cross", c.ModelDim, c.Heads, c.Dropout, causal: false);
        }
        feedNorm = nn.LayerNorm(c.ModelDim);
        feed = nn.Sequential(nn.Linear(c.ModelDim, c.FeedForwardDim), nn.GELU(), nn.Linear(c.FeedForwardDim, c.ModelDim));
        drop = nn.Dropout(c.Dropout);
        RegisterComponents();
    }

    /// <param name="selfMask">Key mask for self-attention (the memory's padding); null when causal.</param>
    /// <param name="memory">What cross-attention reads: [image; labels; text] features.</param>
    /// <param name="memoryMask">Key mask over <paramref name="memory"/>.</param>
    public Tensor Apply(Tensor x, Tensor? selfMask, Tensor? memory, Tensor? memoryMask)
    {
        using var scope = NewDisposeScope();
        var n = selfNorm.forward(x);
        x = x + drop.forward(selfAttention.forward(n, n, selfMask));
        return CrossAndFeed(x, memory is null ? null : CrossKeysAndValues(memory), memoryMask).MoveToOuterDisposeScope();
    }

    /// <summary>Cross-attention's keys and values over <paramref name="memory"/>, or null for a block without it.</summary>
    public (Tensor Keys, Tensor Values)? CrossKeysAndValues(Tensor memory) => crossAttention?.KeysAndValues(memory);

    /// <summary>
    /// One new position [batch, 1, dim] through the block, in inference: self-attention reads the keys and values of
    /// the earlier positions from <paramref name="cache"/> (layer <paramref name="layer"/>) and adds its own;
    /// cross-attention reads keys and values made once per generation (<see cref="CrossKeysAndValues"/>).
    /// </summary>
    public Tensor Step(Tensor x, SelfAttentionCache cache, int layer, (Tensor Keys, Tensor Values)? cross, Tensor? memoryMask)
    {
        using var scope = NewDisposeScope();
        var n = selfNorm.forward(x);
        var (k, v) = cache.Replace(layer, selfAttention.Extend(cache[layer], n));
        x = x + selfAttention.AttendLatest(n, k, v);
        return CrossAndFeed(x, cross, memoryMask).MoveToOuterDisposeScope();
    }

    // After self-attention a whole sequence and a single new position take the same path.
    private Tensor CrossAndFeed(Tensor x, (Tensor Keys, Tensor Values)? cross, Tensor? memoryMask)
    {
        if (crossAttention is not null && crossNorm is not null && cross is { } kv)
        {
            x = x + drop.forward(crossAttention.Attend(crossNorm.forward(x), kv.Keys, kv.Values, memoryMask));
        }
        return x + drop.forward(feed.forward(feedNorm.forward(x)));
    }
}

/// <summary>
/// Self-attention keys and values of the positions decoded so far, per decoder layer. Generation otherwise ran every
/// earlier position through every layer again at each step; the tensors live outside dispose scopes until replaced.
/// </summary>
public sealed class SelfAttentionCache(int layers) : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] entries = new (Tensor Keys, Tensor Values)?[layers];

    /// <summary>Positions decoded so far.</summary>
    public int Length { get; set; }

    public (Tensor Keys, Tensor Values)? this[int layer] => entries[layer];

    /// <summary>Keeps <paramref name="next"/> for <paramref name="layer"/>, out of any dispose scope, and frees what it replaces.</summary>
    public (Tensor Keys, Tensor Values) Replace(int layer, (Tensor Keys, Tensor Values) next)
    {
        next.Keys.DetachFromDisposeScope();
        next.Values.DetachFromDisposeScope();
        Free(layer);
        entries[layer] = next;
        return next;
    }

    public void Dispose()
    {
        for (var i = 0; i < entries.Length; i++) Free(i);
    }

    private void Free(int layer)
    {
        if (entries[layer] is not { } old) return;
        old.Keys.Dispose();
        old.Values.Dispose();
        entries[layer] = null;
    }
}
