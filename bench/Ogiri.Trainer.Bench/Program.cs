using System.Globalization;
using Ogiri.TestSupport;

namespace Ogiri.Trainer.Bench;

/// <summary>
/// <c>practice DIR [IMAGES] [EVAL_IMAGES] [SEED]</c>: writes DIR/train.csv and DIR/eval.csv of everyday things.
/// <c>step</c>: training step FLOP/s against a large matmul, and the data-loading share of a step.
/// <c>encoder IMAGES_DIR</c>: the pretrained encoder's time per picture (decode, resize, both ONNX runs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "practice":
                var folder = args.Length > 1 ? args[1] : throw new ArgumentException("practice needs a folder");
                var train = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400;
                var eval = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
                var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
                var things = SyntheticPairs.Everyday();
                SyntheticPairs.WriteCsv(folder, SyntheticPairs.Generate(things, train, 2, seed, size: 160, signChance: 0.3), "train.csv");
                SyntheticPairs.WriteCsv(folder, SyntheticPairs.Generate(things, eval, 2, seed + 1000, size: 160, signChance: 0.3), "eval.csv");
                Console.WriteLine($"{folder}/train.csv: {train} images; {folder}/eval.csv: {eval} images");
                return 0;
            case "encoder":
                return EncoderBenchmark.Run(args.Skip(1).ToArray());
            case "step":
                return StepBenchmark.Run(args.Skip(1).ToArray());
            default:
                Console.Error.WriteLine("usage: practice DIR [IMAGES] [EVAL_IMAGES] [SEED] | step [STEPS] | encoder IMAGES_DIR [PICTURES] [THREADS]");
                return 2;
        }
    }
}
