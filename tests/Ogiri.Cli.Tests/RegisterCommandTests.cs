using System.Text;
using System.Text.Json;
using Ogiri.Cli.Commands;
using Ogiri.Cli.Embedded;
using Ogiri.Pipeline.Ingestion;
using Ogiri.TestSupport;
using SkiaSharp;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>`ogiri register` on real parts: a SQLite file, the bucket folder, Tesseract.</summary>
public sealed class RegisterCommandTests : IDisposable
{
    private readonly TempDir dir = new();
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();


    private async Task<IngestionReport> RegisterJson(string csv)
    {
        var (exit, output, err) = await Run("register", csv, "--home", Home, "--json");
        Assert.True(exit == 0, err);
        return IngestionReport.FromJson(output);
    }

    [Fact]
    public async Task Registers_every_good_row_reports_each_bad_one_and_is_idempotent()
    {
        dir.File("img/red.png", TestImages.Png(new SKColor(220, 30, 30)));
        dir.File("img/blue.jpg", TestImages.Jpeg(new SKColor(30, 30, 220)));
        dir.File("img/empty.png", []);
        var csv = dir.Text("pairs.csv",
            "image_url,expected_result\n" +
            "img/red.png,赤すぎる\n" +
            "img/blue.jpg,\"青い, とても\n青い\"\n" +
            "img/missing.png,ない\n" +
            "img/empty.png,空\n" +
            "img/red.png,   \n" +
            $"img/red.png,{new string('長', 201)}\n" +
            "img/red.png,二つ目の答え\n");

        var first = await RegisterJson(csv);

        Assert.Equal(("pairs.csv", 7, 3, 0, 2), (first.Source, first.Rows, first.Registered, first.Duplicates, first.Analyses));
        Assert.Equal([5, 6, 7, 8], first.Failed.Select(f => f.Line));
        Assert.Contains("does not exist", first.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Equal("image is empty (0 bytes)", first.Failed[1].Reason);
        Assert.Equal("expected_result is empty", first.Failed[2].Reason);
        Assert.EndsWith("… (201 characters)' is 201 characters; the limit is 200 (answers are never cut)", first.Failed[3].Reason, StringComparison.Ordinal);

        var again = await RegisterJson(csv);
        Assert.Equal((7, 0, 3, 0), (again.Rows, again.Registered, again.Duplicates, again.Analyses));

        var table = await SqliteTrainingDataTable.OpenAsync(Path.Combine(Home, "ogiri.db"), CancellationToken.None);
        var pairs = new List<Ogiri.Pipeline.Ports.TrainingPair>();
        await foreach (var p in table.ScanAsync(CancellationToken.None)) pairs.Add(p);
        Assert.Equal(3, pairs.Count);
        var red = pairs.Where(p => p.ExpectedResult is "赤すぎる" or "二つ目の答え").ToList();
        Assert.Equal(2, red.Count);
        Assert.Single(red.Select(p => p.ImageKey).Distinct());
        Assert.Equal("Red", red[0].Analysis.Labels[0].Name);
        Assert.InRange(red[0].Analysis.Labels[0].Confidence, 50, 100);
        Assert.Contains(pairs, p => p.ExpectedResult == "青い, とても\n青い" && p.SourceLine == 3);
        Assert.True(File.Exists(Path.Combine(Home, "bucket", "reports", "pairs.csv.json")));
    }

    [Fact]
    public async Task The_same_image_with_a_second_answer_is_a_new_pair_without_a_new_analysis()
    {
        dir.File("a.png", TestImages.Png());
        var first = await RegisterJson(dir.Text("one.csv", "image_url,expected_result\na.png,一つ目\n"));
        var second = await RegisterJson(dir.Text("two.csv", "image_url,expected_result\na.png,二つ目\n"));
        Assert.Equal((1, 1), (first.Registered, first.Analyses));
        Assert.Equal((1, 0), (second.Registered, second.Analyses));
    }

    [Fact]
    public async Task Two_different_images_with_the_same_file_name_do_not_collide()
    {
        dir.File("a/1.png", TestImages.Png(SKColors.Red));
        dir.File("b/1.png", TestImages.Png(SKColors.Green));
        var report = await RegisterJson(dir.Text("c.csv", "image_url,expected_result\na/1.png,同じ答え\nb/1.png,同じ答え\n"));
        Assert.Equal((2, 2), (report.Registered, report.Analyses));
    }

    [Fact]
    public async Task Reads_the_japanese_sign_in_an_image_with_tesseract()
    {
        dir.File("sign.png", TestImages.Draw(SKEncodedImageFormat.Png, 640, 160, text: "止まれ"));
        await RegisterJson(dir.Text("s.csv", "image_url,expected_result\nsign.png,止まれと言われても\n"));
        var table = await SqliteTrainingDataTable.OpenAsync(Path.Combine(Home, "ogiri.db"), CancellationToken.None);
        await foreach (var p in table.ScanAsync(CancellationToken.None))
        {
            Assert.Equal("止まれ", p.Analysis.DetectedText);
        }
    }

    [Theory]
    [InlineData("missing.csv", null, "ogiri: missing.csv: no such file")]
    [InlineData("empty.csv", "", "empty.csv: is empty")]
    [InlineData("header.csv", "url,answer\na.png,x\n", "header.csv:1: wrong header")]
    public async Task File_level_problems_exit_2_with_one_line_and_register_nothing(string name, string? content, string expected)
    {
        dir.File("a.png", TestImages.Png());
        var path = content is null ? Path.Combine(dir.Path, name) : dir.Text(name, content);
        var (exit, output, err) = await Run("register", content is null ? name : path, "--home", Home, "--json");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Home, "bucket", "reports", name + ".json")));
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_registers_nothing_even_when_its_first_rows_are_good()
    {
        dir.File("a.png", TestImages.Png());
        byte[] bytes = [.. Encoding.UTF8.GetBytes("image_url,expected_result\na.png,良い行\na.png,"), 0x82, 0xA0, .. "\n"u8];
        var path = dir.File("sjis.csv", bytes);
        var (exit, _, err) = await Run("register", path, "--home", Home);
        Assert.Equal(2, exit);
        Assert.Contains("sjis.csv:3:7: not valid UTF-8", err, StringComparison.Ordinal);
        var table = await SqliteTrainingDataTable.OpenAsync(Path.Combine(Home, "ogiri.db"), CancellationToken.None);
        await foreach (var _ in table.ScanAsync(CancellationToken.None)) Assert.Fail("nothing may be registered");
    }

    [Fact]
    public async Task The_report_json_has_the_documented_fields()
    {
        dir.File("a.png", TestImages.Png());
        var (_, output, _) = await Run("register", dir.Text("r.csv", "image_url,expected_result\na.png,x\n"), "--home", Home, "--json");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["source", "rows", "registered", "duplicates", "analyses", "failed"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
    }
}

public sealed class DeployerPolicyCommandTests
{
    [Fact]
    public async Task Prints_the_stack_scoped_policy_and_refuses_a_bad_account()
    {
        var (ok, output, _) = await Run("deployer-policy", "--stack", "dev", "--region", "eu-west-3", "--account", "111122223333");
        Assert.Equal(0, ok);
        using var doc = JsonDocument.Parse(output);
        var resources = doc.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Resource").EnumerateArray()).Select(r => r.GetString()!).ToList();
        Assert.Contains("arn:aws:dynamodb:eu-west-3:111122223333:table/OgiriTrainingDataTable-dev", resources);

        var (bad, _, err) = await Run("deployer-policy", "--stack", "dev", "--region", "eu-west-3", "--account", "12ab");
        Assert.Equal(2, bad);
        Assert.Contains("--account '12ab' is not a 12-digit AWS account id", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--region", "tokyo", "--region 'tokyo' is not an AWS region code")]
    [InlineData("--stack", "dev-alice", "stack name 'dev-alice' must be lower-case letters and digits only")]
    public async Task Refuses_a_region_name_or_a_stack_name_that_would_overlap_another(string option, string value, string message)
    {
        string[] args = ["deployer-policy", "--stack", "dev", "--region", "eu-west-3", "--account", "111122223333"];
        args[Array.IndexOf(args, option) + 1] = value;
        var (code, output, err) = await Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_the_boundary_its_roles_carry()
    {
        var (code, output, _) = await Run("deployer-policy", "--stack", "dev", "--region", "eu-west-3", "--account", "111122223333", "--boundary");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var actions = doc.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray()).Select(a => a.GetString()!).ToList();
        Assert.Contains("sagemaker:CreateTrainingJob", actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("iam:", StringComparison.Ordinal) && a != "iam:PassRole");
    }
}
