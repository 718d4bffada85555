using System.Text.Json;
using Ogiri.Cli.Commands;
using Ogiri.TestSupport;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>`ogiri run`, `train`, `eval`, `models` and `deploy` end to end with a tiny model, Tesseract and real images.</summary>
public sealed class RunTrainEvalTests : IDisposable
{
    private static readonly string[] Tiny =
    [
        "--set", "model_dim=32", "--set", "heads=2",
        "--set", "ff_dim=64", "--set", "decoder_layers=1", "--set", "threads=2",
    ];

    private readonly TempDir dir = new();
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();


    [Fact]
    public async Task Run_trains_and_deploys_then_eval_measures_unseen_pairs_and_deploy_rolls_back()
    {
        var train = SyntheticPairs.WriteCsv(Path.Combine(dir.Path, "train"), SyntheticPairs.Generate(SyntheticPairs.Shapes, 8, 2, seed: 1, size: 40));
        var unseen = SyntheticPairs.WriteCsv(Path.Combine(dir.Path, "eval"), SyntheticPairs.Generate(SyntheticPairs.Shapes, 4, 2, seed: 2, size: 40));

        var (exit, output, err) = await Run(["run", train, "--home", Home, "--epochs", "2", .. Tiny]);
        Assert.True(exit == 0, err + output);
        Assert.Contains("registered 16 new pairs", output, StringComparison.Ordinal);
        Assert.Contains("sample answers:", output, StringComparison.Ordinal);
        Assert.Contains("note: 16 pairs are few", output, StringComparison.Ordinal);
        Assert.Contains("epoch=2 train_loss=", err, StringComparison.Ordinal);
        var first = File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim();

        (exit, output, err) = await Run(["eval", unseen, "--home", Home, "--json"]);
        Assert.True(exit == 0, err);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        string[] fields = ["pairs", "candidates", "matchAccuracy", "nllTrue", "nllShuffled", "shuffledWorseFraction", "distinct2",
            "distinct2Reference", "copyRate", "copyRateReference", "unkRate", "generated"];
        Assert.Equal(fields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(8, root.GetProperty("pairs").GetInt32());
        Assert.Equal(4, root.GetProperty("generated").GetArrayLength());
        Assert.Equal(0, root.GetProperty("unkRate").GetDouble());
        Assert.InRange(root.GetProperty("matchAccuracy").GetDouble(), 0, 1);

        (exit, _, err) = await Run(["train", "--home", Home, "--epochs", "1", "--seed", "2", .. Tiny]);
        Assert.True(exit == 0, err);
        var second = File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim();
        Assert.NotEqual(first, second);
        (_, output, _) = await Run("models", "--home", Home);
        Assert.Equal($"  {first}\n* {second}\n", output.Replace("\r", "", StringComparison.Ordinal));

        (exit, _, _) = await Run("deploy", first, "--home", Home);
        Assert.Equal(0, exit);
        Assert.Equal(first, File.ReadAllText(Path.Combine(Home, "models", "deployed")).Trim());
        (exit, _, err) = await Run("deploy", "no-such-version", "--home", Home);
        Assert.Equal(1, exit);
        Assert.Contains("no model version 'no-such-version'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_without_a_deployed_model_says_what_to_do()
    {
        var csv = SyntheticPairs.WriteCsv(dir.Path, SyntheticPairs.Generate(SyntheticPairs.Shapes, 1, 1, seed: 1, size: 40));
        var (exit, _, err) = await Run("eval", csv, "--home", Home, "--json");
        Assert.Equal(1, exit);
        Assert.Contains("no model is deployed", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--temperature", "0", "temperature must be between 0.05 and 2")]
    [InlineData("--temperature", "2.5", "temperature must be between 0.05 and 2")]
    [InlineData("--top-p", "0", "topP must be between 0.05 and 1")]
    public async Task Eval_and_caption_refuse_sampling_settings_out_of_range(string option, string value, string message)
    {
        var csv = SyntheticPairs.WriteCsv(dir.Path, SyntheticPairs.Generate(SyntheticPairs.Shapes, 1, 1, seed: 1, size: 40));
        var image = Directory.GetFiles(dir.Path, "*.png", SearchOption.AllDirectories)[0];
        string[][] calls = [["eval", csv, "--home", Home, option, value], ["caption", image, "--home", Home, option, value]];
        foreach (var args in calls)
        {
            var (exit, _, err) = await Run(args);
            Assert.Equal(2, exit);
            Assert.Contains(message, err, StringComparison.Ordinal);
        }
    }
}
