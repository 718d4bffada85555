using System.Text.Json;
using Ogiri.Cli.Commands;
using Ogiri.Contracts;
using Ogiri.Trainer.Inference;
using Ogiri.TestSupport;
using SkiaSharp;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>What a first-time user meets around register, train and models: honest exit codes, nothing lost, nothing left behind.</summary>
public sealed class FirstUseTests : IDisposable
{
    private readonly TempDir dir = new();
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Register_exits_3_when_every_row_failed()
    {
        var csv = dir.Text("bad.csv", "image_url,expected_result\nmissing.png,ない\nftp://example.test/a.png,だめ\n");

        var (exit, _, error) = await Run("register", csv, "--home", Home);

        Assert.Equal(ExitCodes.NothingRegistered, exit);
        Assert.Equal(3, exit);
        Assert.Contains("bad.csv: every row failed, nothing was registered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_register_of_the_same_csv_keeps_the_first_report()
    {
        dir.File("red.png", TestImages.Png(new SKColor(220, 30, 30)));
        var csv = dir.Text("pairs.csv", "image_url,expected_result\nred.png,赤すぎる\n");

        Assert.Equal(0, (await Run("register", csv, "--home", Home)).Exit);
        await Task.Delay(5);
        Assert.Equal(0, (await Run("register", csv, "--home", Home)).Exit);

        var history = Directory.GetFiles(Path.Combine(Home, "bucket", "reports", "history")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(history[0])).RootElement.GetProperty("registered").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(history[1])).RootElement.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Train_with_an_unknown_setting_fails_before_writing_a_training_set()
    {
        dir.File("red.png", TestImages.Png(new SKColor(220, 30, 30)));
        Assert.Equal(0, (await Run("register", dir.Text("pairs.csv", "image_url,expected_result\nred.png,赤すぎる\n"), "--home", Home)).Exit);

        var (exit, _, error) = await Run("train", "--home", Home, "--set", "bogus=1");

        Assert.Equal(2, exit);
        Assert.StartsWith("ogiri: hyperparameter 'bogus' is unknown", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Home, "bucket", BucketLayout.TrainingPrefix)));
    }

    [Fact]
    public async Task Models_on_an_empty_home_says_so_and_its_json_is_an_empty_list()
    {
        var (exit, output, error) = await Run("models", "--home", Home);
        Assert.Equal((0, ""), (exit, output));
        Assert.Contains("no models in", error, StringComparison.Ordinal);

        var json = await Run("models", "--home", Home, "--json");
        Assert.Equal((0, "[]"), (json.Exit, json.Out.Trim()));
    }

    [Fact]
    public async Task Models_lists_dates_pair_counts_and_validation_figures_also_from_an_old_metrics_file()
    {
        var folder = Path.Combine(Home, "models", "ogiri-20261201-101500-000");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ModelFolder.Weights), "");
        File.WriteAllText(Path.Combine(folder, ModelFolder.Config), "{}");
        // metrics.json as earlier versions wrote it: the epochs in PascalCase.
        File.WriteAllText(Path.Combine(folder, ModelFolder.Metrics), """
            {"epochs":[{"Epoch":1,"TrainLoss":3.1,"ValLoss":3.3,"ValMatchAccuracy":0.2},{"Epoch":2,"TrainLoss":2.5,"ValLoss":2.75,"ValMatchAccuracy":0.4}],
             "bestEpoch":2,"stoppedEarly":false,"pairs":120,"images":60,"seconds":12.5}
            """);
        File.WriteAllText(Path.Combine(Home, "models", "deployed"), "ogiri-20261201-101500-000\n");

        var (exit, output, error) = await Run("models", "--home", Home, "--json");

        Assert.True(exit == 0, error);
        var entry = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("ogiri-20261201-101500-000", entry.GetProperty("version").GetString());
        Assert.True(entry.GetProperty("deployed").GetBoolean());
        Assert.Equal((120, 60, 2), (entry.GetProperty("pairs").GetInt32(), entry.GetProperty("images").GetInt32(), entry.GetProperty("bestEpoch").GetInt32()));
        Assert.Equal((2.75, 0.4), (entry.GetProperty("validationLoss").GetDouble(), entry.GetProperty("validationMatchAccuracy").GetDouble()));
        Assert.True(entry.GetProperty("trainedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        var text = await Run("models", "--home", Home);
        Assert.Matches(@"^\* ogiri-20261201-101500-000  \d{4}-\d\d-\d\d \d\d:\d\d  120 pairs, 60 images, best epoch 2, validation loss 2\.750, match accuracy 0\.40$", text.Out.Trim());
    }
}
