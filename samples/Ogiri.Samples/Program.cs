using System.CommandLine;
using Ogiri.Samples.Drawing;
using Ogiri.Samples.Writing;

namespace Ogiri.Samples;

public static class Program
{
    private const string SeedHelp = "Seed of the pictures' looks; the same seed and fonts give the same bytes";

    public static int Main(string[] args)
    {
        var bundledFolder = new Argument<string>("folder") { Description = "Where to write ogiri-samples.csv and images/", DefaultValueFactory = _ => "samples" };
        var bundledSeed = new Option<int>("--seed") { Description = SeedHelp, DefaultValueFactory = _ => BundledSamples.Seed };
        var bundled = new Command("bundled", "Draw the bundled sample set (hand-written answers)") { bundledFolder, bundledSeed };
        bundled.SetAction(r =>
        {
            using var fonts = FontSet.Load();
            BundledSamples.Write(r.GetValue(bundledFolder)!, fonts, r.GetValue(bundledSeed));
            return 0;
        });

        var practiceFolder = new Argument<string>("folder") { Description = "Where to write train.csv, eval.csv and images/" };
        var practiceSeed = new Option<int>("--seed") { Description = SeedHelp, DefaultValueFactory = _ => 1 };
        var train = new Option<int>("--train") { Description = "Pictures in train.csv", DefaultValueFactory = _ => 400 };
        var eval = new Option<int>("--eval") { Description = "Pictures in eval.csv", DefaultValueFactory = _ => 100 };
        var practice = new Command("practice", "Draw a practice set: train.csv and eval.csv with generated joke answers")
            { practiceFolder, practiceSeed, train, eval };
        practice.SetAction(r =>
        {
            using var fonts = FontSet.Load();
            PracticeSet.Write(r.GetValue(practiceFolder)!, fonts, r.GetValue(practiceSeed), r.GetValue(train), r.GetValue(eval));
            return 0;
        });

        var othersFolder = new Argument<string>("folder") { Description = "Where to write others.csv and images/" };
        var artRoot = new Option<string>("--art") { Description = "Root the art packages (ruby-gemojione, libjs-emojify, openclipart-png) were unpacked into", DefaultValueFactory = _ => "/" };
        var othersSeed = new Option<int>("--seed") { Description = SeedHelp, DefaultValueFactory = _ => 1 };
        var others = new Command("others", "Draw an evaluation set of the same things by other hands (Debian's emoji and clip art packages): others.csv")
            { othersFolder, artRoot, othersSeed };
        others.SetAction(r =>
        {
            using var fonts = FontSet.Load();
            var count = OtherHandsSet.Write(r.GetValue(othersFolder)!, r.GetValue(artRoot)!, fonts, r.GetValue(othersSeed));
            Console.WriteLine($"{count} pictures by other hands");
            return 0;
        });

        var evalJson = new Argument<string>("eval-json") { Description = "What `ogiri eval --json` printed for a set this generator drew" };
        var named = new Command("named", "The share of generated answers that name the thing in their picture") { evalJson };
        named.SetAction(r =>
        {
            var result = NamingScore.FromEvalJson(r.GetValue(evalJson)!);
            Console.WriteLine($"{{\"pictures\": {result.Pictures}, \"named\": {result.Named}, \"namingShare\": {result.Share.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");
            return 0;
        });

        return new RootCommand("Draws Ogiri sample data sets: emoji things on varied backgrounds, some with a Japanese sign")
            { bundled, practice, others, named }.Parse(args).Invoke();
    }
}
