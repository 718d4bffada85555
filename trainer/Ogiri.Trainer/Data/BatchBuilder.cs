using Ogiri.Contracts;
using Ogiri.Trainer.Encoding;
using Ogiri.Trainer.Models;
using static TorchSharp.torch;

namespace Ogiri.Trainer.Data;

/// <summary>A batch: conditions, the decoder's input and the tokens it should predict.</summary>
/// <param name="OtherThanPrevious">[batch] bool: whether example b's picture differs from example b-1's (cyclically),
/// i.e. whether b's answer paired with b-1's picture is a mismatch.</param>
public sealed record CaptionBatch(Conditions Conditions, Tensor Input, Tensor Target, Tensor OtherThanPrevious);

/// <summary>One image's cached pixels and its conditions; with a pretrained encoder, also its cached features per view.</summary>
/// <param name="Views">Features indexed by <see cref="FeatureView"/>: the original first, then any others training may choose.</param>
public sealed record ImageItem(byte[] Pixels, IReadOnlyList<Label> Labels, string? Text, IReadOnlyList<ImageFeatures>? Views = null);

/// <summary>How a training batch is perturbed; <see cref="None"/> for validation and inference.</summary>
/// <param name="Random">Crops, colour jitter and condition drops are drawn from here; null: centre crop, nothing dropped.</param>
public sealed record Augmentation(Random? Random, double LabelDropout, double TextDropout)
{
    public static Augmentation None { get; } = new(null, 0, 0);
}

/// <summary>
/// Builds tensors from cached pixels. Crops are copied from the cache's bytes; colour jitter is
/// applied on the batch tensor; labels and text are hidden per example with the configured chance.
/// </summary>
public sealed class BatchBuilder(ConditionEncoder encoder, ModelConfig config)
{
    public ConditionEncoder Encoder => encoder;

    public CaptionBatch Build(IReadOnlyList<ImageItem> items, IReadOnlyList<int[]> captions, Augmentation augmentation)
    {
        var (input, target) = Captions(captions);
        var n = items.Count;
        var other = Enumerable.Range(0, n).Select(b => !ReferenceEquals(items[b].Pixels, items[(b + n - 1) % n].Pixels)).ToArray();
        return new CaptionBatch(Conditions(items, augmentation), input, target, tensor(other));
    }

    /// <summary>Conditions tensors for <paramref name="items"/>; arrays start zeroed, and 0 is the padding id of tokens and labels alike.</summary>
    public Conditions Conditions(IReadOnlyList<ImageItem> items, Augmentation augmentation)
    {
        var n = items.Count;
        var random = augmentation.Random;
        var labelIds = new long[n * config.MaxLabels];
        var labelConf = new float[n * config.MaxLabels];
        var textIds = new long[n * config.MaxTextTokens];
        for (var b = 0; b < n; b++)
        {
            if (random is null || random.NextDouble() >= augmentation.LabelDropout)
                encoder.EncodeLabels(items[b].Labels, labelIds.AsSpan(b * config.MaxLabels, config.MaxLabels), labelConf.AsSpan(b * config.MaxLabels, config.MaxLabels));
            if (random is null || random.NextDouble() >= augmentation.TextDropout)
                encoder.EncodeText(items[b].Text, textIds.AsSpan(b * config.MaxTextTokens, config.MaxTextTokens));
        }
        var images = config.UsesFeatures ? Features(items, random) : Images([.. items.Select(i => i.Pixels)], random);
        return new Conditions(images,
            tensor(labelIds, [n, config.MaxLabels]), tensor(labelConf, [n, config.MaxLabels]), tensor(textIds, [n, config.MaxTextTokens]));
    }

    /// <summary>Teacher forcing: input is each encoded caption without its last token, target without its first; padded.</summary>
    public static (Tensor Input, Tensor Target) Captions(IReadOnlyList<int[]> captions)
    {
        var n = captions.Count;
        var length = captions.Max(c => c.Length) - 1;
        var input = new long[n * length];
        var target = new long[n * length];
        for (var b = 0; b < n; b++)
        {
            var caption = captions[b];
            for (var t = 0; t < caption.Length - 1; t++)
            {
                input[b * length + t] = caption[t];
                target[b * length + t] = caption[t + 1];
            }
        }
        return (tensor(input, [n, length]), tensor(target, [n, length]));
    }

    /// <summary>Images alone as a normalised float batch: crops (random or centred) from cached pixels.</summary>
    public Tensor Images(IReadOnlyList<byte[]> pixels, Random? random)
    {
        var side = config.ImageSize;
        var cacheSide = config.CacheSide;
        var plane = side * side;
        var buffer = new byte[pixels.Count * 3 * plane];
        var margin = cacheSide - side;
        for (var b = 0; b < pixels.Count; b++)
        {
            var ox = random?.Next(margin + 1) ?? margin / 2;
            var oy = random?.Next(margin + 1) ?? margin / 2;
            var source = pixels[b];
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < side; y++)
                {
                    var from = c * cacheSide * cacheSide + (oy + y) * cacheSide + ox;
                    source.AsSpan(from, side).CopyTo(buffer.AsSpan(b * 3 * plane + c * plane + y * side, side));
                }
            }
        }
        using var scope = NewDisposeScope();
        var images = tensor(buffer, [pixels.Count, 3, side, side]).to_type(ScalarType.Float32).div_(255f);
        if (random is not null)
        {
            // Half the pictures mirrored: a thing is the same thing facing the other way.
            var mirrored = tensor(Draw(random, pixels.Count, 0, 1)).lt(0.5f).view(-1, 1, 1, 1);
            images = where(mirrored, images.flip(3), images);
            // Light colour jitter: per-image brightness and contrast.
            var brightness = tensor(Draw(random, pixels.Count, -0.1, 0.1)).view(-1, 1, 1, 1);
            var contrast = tensor(Draw(random, pixels.Count, 0.8, 1.2)).view(-1, 1, 1, 1);
            var mean = images.mean([1, 2, 3], keepdim: true);
            images = ((images - mean) * contrast + mean + brightness).clamp_(0, 1);
        }
        return images.sub_(0.5f).div_(0.25f).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Cached features as a batch [n, tokens, width]. In training each picture is one of its views, drawn evenly (the
    /// original or mirrored: a thing is the same thing facing the other way); otherwise the original.
    /// </summary>
    public static Tensor Features(IReadOnlyList<ImageItem> items, Random? random)
    {
        var chosen = items.Select(item =>
        {
            var views = item.Views is { Count: > 0 } v ? v
                : throw new InvalidOperationException("the model reads a pretrained encoder's features, and this picture has none");
            return views[random is null ? 0 : random.Next(views.Count)];
        }).ToArray();
        var width = chosen[0].Width;
        var tokens = chosen[0].TokenCount;
        var buffer = new float[chosen.Length * tokens * width];
        for (var b = 0; b < chosen.Length; b++) chosen[b].Tokens.CopyTo(buffer, b * tokens * width);
        return tensor(buffer, [chosen.Length, tokens, width]);
    }

    private static float[] Draw(Random random, int count, double min, double max) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(min + (max - min) * random.NextDouble()))];
}
