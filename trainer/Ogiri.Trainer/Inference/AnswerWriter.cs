using System.Text;
using Ogiri.Trainer.Data;

namespace Ogiri.Trainer.Inference;

/// <summary>What a caller asks of <see cref="AnswerWriter"/>: how many answers, and how boldly to sample.</summary>
public sealed record AnswerOptions(int Count = 3, double Temperature = AnswerOptions.DefaultTemperature, double TopP = AnswerOptions.DefaultTopP, int Seed = 0)
{
    // Below 1 the model keeps to its commonest phrasings (on the practice set distinct-2 fell to 0.77 of the
    // reference at 0.8); at 1 it samples what it learnt, and the filters below keep the answers clean.
    public const double DefaultTemperature = 1.0;
    public const double DefaultTopP = 0.95;
    public const double MinTemperature = 0.05;
    public const double MaxTemperature = 2.0;
    public const double MinTopP = 0.05;
    public const double MaxTopP = 1.0;

    /// <summary>Why <paramref name="temperature"/> and <paramref name="topP"/> can't be used, or null when they can.</summary>
    public static string? Problem(double temperature, double topP) =>
        !(temperature >= MinTemperature && temperature <= MaxTemperature) ? $"temperature must be between {MinTemperature} and {MaxTemperature}"
        : !(topP >= MinTopP && topP <= MaxTopP) ? $"topP must be between {MinTopP} and {MaxTopP}"
        : null;
}

/// <summary>
/// The answers a user gets for a picture, the same wherever they are asked for (the endpoint, <c>ogiri caption</c>,
/// evaluation, the gallery): sampled with temperature and nucleus; empty answers, stuck repetitions and duplicates
/// dropped; an answer the model learnt word for word kept only when nothing new turned up (a user wants a new joke,
/// not one from their own CSV); the rest ranked by the model's own length-normalised likelihood. The same seed gives
/// the same answers.
/// </summary>
public static class AnswerWriter
{
    private const int Rounds = 6;

    public static IReadOnlyList<string> Write(OgiriModel model, ImageItem image, AnswerOptions options, CancellationToken cancellationToken = default)
    {
        using var encoded = model.Encode(image);
        var fresh = new List<string>();
        var copies = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Sample as many as asked and sample again while too few; each extra candidate costs a full decode, so the
        // first round asks for no more than needed.
        for (var round = 0; round < Rounds && fresh.Count < options.Count; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wanted = round == 0 ? options.Count : 2 * (options.Count - fresh.Count);
            // A confident model repeats itself; later rounds sample a little hotter to find other answers.
            var temperature = Math.Min(2.0, options.Temperature * Math.Pow(1.25, round));
            var topP = Math.Min(1.0, options.TopP + 0.02 * round);
            foreach (var answer in model.Generate(encoded, new GenerationOptions(wanted, temperature, topP, unchecked(options.Seed + round * 7919))))
            {
                var text = answer.Trim();
                if (text.Length == 0 || IsDegenerate(text) || !seen.Add(text.Normalize(NormalizationForm.FormKC))) continue;
                (model.IsTrainingAnswer(text) ? copies : fresh).Add(text);
            }
        }
        return [.. Ranked(model, encoded, fresh, options.Count), .. Ranked(model, encoded, copies, options.Count - fresh.Count)];
    }

    private static IEnumerable<string> Ranked(OgiriModel model, EncodedImage image, List<string> candidates, int count)
    {
        if (candidates.Count == 0 || count <= 0) return [];
        if (candidates.Count == 1) return candidates;
        var scores = model.Score(image, candidates);
        return candidates.Select((c, i) => (c, scores[i])).OrderBy(p => p.Item2).ThenBy(p => p.c, StringComparer.Ordinal)
            .Take(count).Select(p => p.c);
    }

    /// <summary>A character four times in a row, or a two-character run repeated three times: a stuck decoder.</summary>
    public static bool IsDegenerate(string text)
    {
        for (var i = 0; i + 3 < text.Length; i++)
        {
            if (text[i] == text[i + 1] && text[i] == text[i + 2] && text[i] == text[i + 3] && !char.IsAsciiDigit(text[i])) return true;
        }
        for (var i = 0; i + 5 < text.Length; i++)
        {
            if (text[i] == text[i + 2] && text[i] == text[i + 4] && text[i + 1] == text[i + 3] && text[i + 1] == text[i + 5]) return true;
        }
        return false;
    }
}
