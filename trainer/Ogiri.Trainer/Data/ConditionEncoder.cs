using Ogiri.Contracts;
using Ogiri.Trainer.Models;
using Ogiri.Trainer.Text;

namespace Ogiri.Trainer.Data;

/// <summary>Labels and detected text as fixed-size id arrays, the same way in training and in inference.</summary>
public sealed class ConditionEncoder(CharTokenizer tokenizer, LabelVocabulary labels, ModelConfig config)
{
    public CharTokenizer Tokenizer => tokenizer;

    /// <summary>The most confident labels first, confidences from Rekognition's 0–100 scaled to 0–1.</summary>
    public void EncodeLabels(IReadOnlyList<Label> source, Span<long> ids, Span<float> confidences)
    {
        var i = 0;
        foreach (var label in source.OrderByDescending(l => l.Confidence).ThenBy(l => l.Name, StringComparer.Ordinal).Take(config.MaxLabels))
        {
            ids[i] = labels.Id(label.Name);
            confidences[i] = (float)Math.Clamp(label.Confidence / 100.0, 0, 1);
            i++;
        }
    }

    public void EncodeText(string? text, Span<long> ids)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        var encoded = tokenizer.Encode(text);
        for (var i = 0; i < Math.Min(encoded.Length, config.MaxTextTokens); i++) ids[i] = encoded[i];
    }

    /// <summary>[begin, characters…, end], cut to the model's caption length.</summary>
    public int[] EncodeCaption(string caption)
    {
        var body = tokenizer.Encode(caption);
        var length = Math.Min(body.Length, config.MaxCaptionTokens - 1);
        return [CharTokenizer.Begin, .. body.AsSpan(0, length), CharTokenizer.End];
    }
}
