using Ogiri.Samples.Catalogue;
using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>
/// A practice set for the trainer: <c>train.csv</c> and <c>eval.csv</c> over different pictures,
/// everyday things on varied backgrounds, about a third with a sign, two joke answers each.
/// </summary>
public static class PracticeSet
{
    public const double SignShare = 0.3;
    public const int AnswersPerPicture = 2;

    public static IReadOnlyList<SamplePicture> Pictures(string split, int count, int seed)
    {
        // Eval pictures draw from their own stream, so changing the train count leaves them unchanged.
        var splitSeed = unchecked(seed * 31 + split.Length * 7 + split[0]);
        var order = new Random(splitSeed);
        var pictures = new List<SamplePicture>(count);
        var deck = new List<Thing>();
        for (var i = 0; i < count; i++)
        {
            // Deal things from shuffled decks so every kind appears about equally often.
            if (deck.Count == 0) deck = [.. Things.All.OrderBy(_ => order.Next())];
            var thing = deck[^1];
            deck.RemoveAt(deck.Count - 1);
            var random = SeededRandom.For(splitSeed, i);
            var sign = random.NextDouble() < SignShare ? Things.Signs[random.Next(Things.Signs.Count)] : null;
            var scene = ScenePlanner.Plan(thing, sign, random);
            pictures.Add(new SamplePicture($"images/{split}-{i + 1:0000}-{thing.Slug}.png", scene,
                JokeWriter.Answers(thing, sign, AnswersPerPicture, random)));
        }
        return pictures;
    }

    public static void Write(string folder, FontSet fonts, int seed, int trainCount = 400, int evalCount = 100)
    {
        Directory.CreateDirectory(folder);
        var writer = new DataSetWriter(new SceneRenderer(fonts));
        writer.Write(Path.Combine(folder, "train.csv"), Pictures("train", trainCount, seed));
        writer.Write(Path.Combine(folder, "eval.csv"), Pictures("eval", evalCount, seed));
    }
}
