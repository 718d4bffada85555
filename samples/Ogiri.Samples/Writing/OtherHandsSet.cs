using Ogiri.Samples.Catalogue;
using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>
/// An evaluation set of the practice set's kinds of things drawn by other hands (<see cref="OtherHands"/>), placed on
/// the same kinds of scenes, with signs as often and answers written the same way: <c>others.csv</c>. A model that
/// learnt the things, not the emoji font's drawings of them, names them here too.
/// </summary>
public static class OtherHandsSet
{
    public static int Write(string folder, string artRoot, FontSet fonts, int seed)
    {
        var art = OtherHands.Find(artRoot);
        if (art.Count == 0)
            throw new FileNotFoundException($"no pictures by other hands under {artRoot}: unpack ruby-gemojione, libjs-emojify or openclipart-png there");
        var pictures = new List<SamplePicture>(art.Count);
        for (var i = 0; i < art.Count; i++)
        {
            var random = SeededRandom.For(unchecked(seed * 31 + 5), i);
            var sign = random.NextDouble() < PracticeSet.SignShare ? Things.Signs[random.Next(Things.Signs.Count)] : null;
            var scene = ScenePlanner.Plan(art[i].Thing, sign, random);
            pictures.Add(new SamplePicture($"images/others-{i + 1:0000}-{art[i].Source}-{art[i].Thing.Slug}.png", scene,
                JokeWriter.Answers(art[i].Thing, sign, PracticeSet.AnswersPerPicture, random), art[i].Path));
        }
        Directory.CreateDirectory(folder);
        new DataSetWriter(new SceneRenderer(fonts)).Write(Path.Combine(folder, "others.csv"), pictures);
        return pictures.Count;
    }
}
