using System.Text.Json.Serialization;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Inference;
using Ogiri.Trainer.Text;

namespace Ogiri.Trainer.Evaluation;

/// <summary>One evaluation pair: an image (by index into the image list) and its true answer.</summary>
public readonly record struct EvaluationPair(int Image, string Answer);

public sealed record GeneratedAnswer(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("answer")] string Answer);

/// <summary>What <c>ogiri eval --json</c> prints. Likelihoods are mean negative log-likelihood per token.</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("candidates")] int Candidates,
    [property: JsonPropertyName("matchAccuracy")] double MatchAccuracy,
    [property: JsonPropertyName("nllTrue")] double NllTrue,
    [property: JsonPropertyName("nllShuffled")] double NllShuffled,
    [property: JsonPropertyName("shuffledWorseFraction")] double ShuffledWorseFraction,
    [property: JsonPropertyName("distinct2")] double Distinct2,
    [property: JsonPropertyName("distinct2Reference")] double Distinct2Reference,
    [property: JsonPropertyName("copyRate")] double CopyRate,
    [property: JsonPropertyName("copyRateReference")] double CopyRateReference,
    [property: JsonPropertyName("unkRate")] double UnkRate,
    [property: JsonPropertyName("generated")] IReadOnlyList<GeneratedAnswer> Generated);

/// <summary>
/// Measures whether answers depend on the picture, and whether generated answers are varied and new.
/// <list type="bullet">
/// <item>matchAccuracy: each true answer among itself and up to 9 answers of other images, chosen by
/// likelihood given the image; chance is 1 / candidates.</item>
/// <item>shuffledWorseFraction: pairs whose answer is less likely given another image.</item>
/// <item>distinct2, copyRate, unkRate over one generated answer per image (the first a user would get); the references are the
/// same measures over each image's first true answer, so a data set is judged against itself.</item>
/// </list>
/// </summary>
public static class Evaluator
{
    public const int Distractors = 9;

    /// <summary>Match accuracy alone (the validation metric of every epoch).</summary>
    public static double MatchAccuracy(OgiriModel model, IReadOnlyList<ImageItem> images, IReadOnlyList<EvaluationPair> pairs, int seed) =>
        Match(model, images, pairs, seed).Accuracy;

    public static EvaluationReport Evaluate(OgiriModel model, IReadOnlyList<ImageItem> images, IReadOnlyList<string> imageNames,
        IReadOnlyList<EvaluationPair> pairs, int seed, AnswerOptions? generation = null)
    {
        var (accuracy, candidates, nllTrue) = Match(model, images, pairs, seed);
        var random = new Random(seed + 1);
        var shuffledQueries = pairs.Select(p => new PairQuery(OtherImage(p.Image, images.Count, random), p.Answer)).ToArray();
        var nllShuffled = images.Count > 1 ? PairScorer.Score(model, images, shuffledQueries) : nllTrue;
        var worse = pairs.Count == 0 ? 0 : Enumerable.Range(0, pairs.Count).Count(i => nllShuffled[i] > nllTrue[i]) / (double)pairs.Count;

        // The answer a user would get first for each picture.
        var options = (generation ?? new AnswerOptions()) with { Count = 1 };
        var generated = new List<GeneratedAnswer>();
        for (var i = 0; i < images.Count; i++)
        {
            var first = AnswerWriter.Write(model, images[i], options with { Seed = options.Seed + i });
            generated.Add(new GeneratedAnswer(imageNames[i], first.Count > 0 ? first[0] : ""));
        }
        var reference = pairs.GroupBy(p => p.Image).Select(g => g.First().Answer).ToArray();
        var answers = generated.Select(g => g.Answer).ToArray();
        return new EvaluationReport(pairs.Count, candidates, accuracy, Mean(nllTrue), Mean(nllShuffled), worse,
            Distinct2(answers), Distinct2(reference),
            Fraction(answers, model.IsTrainingAnswer), Fraction(reference, model.IsTrainingAnswer),
            Fraction(answers, OgiriModel.HoldsUnknown), generated);
    }

    /// <summary>Distinct character bigrams over all bigrams, bigrams taken within each answer.</summary>
    public static double Distinct2(IEnumerable<string> answers)
    {
        var all = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var chars = CharTokenizer.Characters(answer).ToArray();
            for (var i = 0; i + 1 < chars.Length; i++)
            {
                all++;
                distinct.Add(chars[i] + "\u0000" + chars[i + 1]);
            }
        }
        return all == 0 ? 0 : distinct.Count / (double)all;
    }

    private static (double Accuracy, int Candidates, double[] NllTrue) Match(OgiriModel model, IReadOnlyList<ImageItem> images,
        IReadOnlyList<EvaluationPair> pairs, int seed)
    {
        var random = new Random(seed);
        var queries = new List<PairQuery>();
        var groups = new List<(int Start, int Count)>();
        var candidates = 1;
        foreach (var pair in pairs)
        {
            var others = pairs.Where(p => p.Image != pair.Image && p.Answer != pair.Answer).Select(p => p.Answer)
                .Distinct(StringComparer.Ordinal).ToArray();
            random.Shuffle(others);
            var chosen = others.Take(Distractors).ToArray();
            groups.Add((queries.Count, chosen.Length + 1));
            candidates = Math.Max(candidates, chosen.Length + 1);
            queries.Add(new PairQuery(pair.Image, pair.Answer));
            queries.AddRange(chosen.Select(a => new PairQuery(pair.Image, a)));
        }
        var nll = PairScorer.Score(model, images, queries);
        var right = groups.Count(g => Enumerable.Range(g.Start + 1, g.Count - 1).All(i => nll[i] > nll[g.Start]));
        var nllTrue = groups.Select(g => nll[g.Start]).ToArray();
        return (pairs.Count == 0 ? 0 : right / (double)pairs.Count, candidates, nllTrue);
    }

    private static int OtherImage(int image, int count, Random random)
    {
        if (count < 2) return image;
        var other = random.Next(count - 1);
        return other >= image ? other + 1 : other;
    }

    private static double Mean(double[] values) => values.Length == 0 ? 0 : values.Average();

    private static double Fraction(string[] answers, Func<string, bool> predicate) =>
        answers.Length == 0 ? 0 : answers.Count(predicate) / (double)answers.Length;
}
