using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;
using SkiaSharp;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>
/// Rows that once stopped, hung or leaked a run: each ends registered, duplicate or failed with its line and reason,
/// and the run goes on. Real SQLite, the bucket folder, Tesseract and the file system.
/// </summary>
public sealed class RegisterHardRowsTests : IDisposable
{
    private readonly TempDir dir = new();
    private string Csvs => Path.Combine(dir.Path, "csvs");
    private string Home => Path.Combine(dir.Path, "home");

    public void Dispose() => dir.Dispose();

    private async Task<IngestionReport> Register(string csv)
    {
        var (exit, output, err) = await Run("register", csv, "--home", Home, "--json");
        Assert.True(exit == 0, err);
        return IngestionReport.FromJson(output);
    }

    private string Csv(string name, params string[] rows) =>
        dir.Text(Path.Combine("csvs", name), "image_url,expected_result\n" + string.Concat(rows.Select(r => r + "\n")));

    private string[] BucketImages() =>
        Directory.Exists(Path.Combine(Home, "bucket", "images")) ? Directory.GetFiles(Path.Combine(Home, "bucket", "images")) : [];

    [Fact]
    public async Task A_valid_100000_by_1_png_is_registered_not_a_crash()
    {
        // Tesseract refused it ("Image too large") once the reader had enlarged it 3x, and the run died with it.
        dir.File("csvs/strip.png", TestImages.Png(new SKColor(30, 160, 40), 100_000, 1));
        dir.File("csvs/ok.png", TestImages.Png(new SKColor(220, 30, 30)));

        var report = await Register(Csv("strip.csv", "strip.png,細長い", "ok.png,普通"));

        Assert.Empty(report.Failed);
        Assert.Equal((2, 2), (report.Rows, report.Registered));
    }

    [Fact]
    public async Task Nul_and_other_control_characters_fail_their_row_only()
    {
        dir.File("csvs/ok.png", TestImages.Png());

        var report = await Register(Csv("nul.csv", "ok\0.png,ヌル", "ok.png,\0", "ok.png,ベル\a", "ok.png,\"二行の\n答え\"", "ok.png,普通"));

        Assert.Equal((5, 2), (report.Rows, report.Registered));
        Assert.Equal([2, 3, 4], report.Failed.Select(f => f.Line));
        Assert.Equal("image_url 'ok<U+0000>.png' holds a control character U+0000 at character 3", report.Failed[0].Reason);
        Assert.Equal("expected_result '<U+0000>' holds a control character U+0000 at character 1", report.Failed[1].Reason);
        Assert.Contains("control character U+0007", report.Failed[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_named_as_an_image_fails_its_row_at_once()
    {
        var fifo = Path.Combine(dir.Path, "csvs", "pipe.png");
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        dir.File("csvs/ok.png", TestImages.Png());
        var csv = Csv("fifo.csv", "pipe.png,パイプ", "ok.png,普通");

        var registering = Task.Run(() => Register(csv));
        var finished = await Task.WhenAny(registering, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(registering, finished);
        var report = await registering;
        Assert.Equal(1, report.Registered);
        Assert.Equal("image file 'pipe.png' is not a regular file (a pipe, socket or device)", report.Failed.Single().Reason);
    }

    [Fact]
    public async Task Caption_of_a_fifo_exits_2_at_once()
    {
        var fifo = Path.Combine(dir.Path, "pipe.png");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();

        // On its own thread: a blocking open would otherwise hold the test itself, not just the command.
        var captioning = Task.Run(() => Run("caption", fifo, "--home", Home));
        Assert.Same(captioning, await Task.WhenAny(captioning, Task.Delay(TimeSpan.FromSeconds(60))));
        var (exit, _, err) = await captioning;

        Assert.Equal(2, exit);
        Assert.Contains("is not a regular file (a pipe, socket or device)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_out_of_the_csv_folder_are_refused_alike_whether_or_not_the_file_exists()
    {
        dir.File("secret.png", TestImages.Png(SKColors.Red));
        var secret = Path.Combine(dir.Path, "secret.png");
        dir.File("csvs/img/ok.png", TestImages.Png(SKColors.Blue));
        Directory.CreateDirectory(Path.Combine(dir.Path, "csvs", "links"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "csvs", "links", "out.png"), secret);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "csvs", "links", "gone.png"), Path.Combine(dir.Path, "no-such.png"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "csvs", "up"), dir.Path);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "csvs", "links", "in.png"), Path.Combine(dir.Path, "csvs", "img", "ok.png"));

        string[] paths =
        [
            "../secret.png", "../no-such.png", secret, Path.Combine(dir.Path, "no-such.png"),
            "links/out.png", "links/gone.png", "up/secret.png", "up/no-such.png", "links/in.png", "img/../img/ok.png",
        ];
        string RowOf(int line) => paths[line - 2];

        var report = await Register(Csv("out.csv", [.. paths.Select((p, i) => $"{p},答え{i}")]));

        Assert.Equal((10, 2), (report.Rows, report.Registered));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], report.Failed.Select(f => f.Line));
        Assert.All(report.Failed, f => Assert.EndsWith(
            "is outside the CSV's folder; local images must be in the CSV's folder or below it", f.Reason, StringComparison.Ordinal));
        // The reasons differ only in the path quoted: nothing tells whether the file exists.
        Assert.Equal(8, report.Failed.Count(f => f.Reason == $"image_url '{RowOf(f.Line)}' is outside the CSV's folder; local images must be in the CSV's folder or below it"));
        // Only the blue picture inside the folder reached the bucket; the red one outside never did.
        Assert.Single(BucketImages());
    }

    [Fact]
    public async Task Extra_fields_a_huge_single_character_and_long_fields_get_short_reasons()
    {
        dir.File("csvs/ok.png", TestImages.Png());
        // One user-perceived character of 200 001 bytes: a letter and 100 000 combining accents (200 000 bytes once NFC joins the first).
        var zalgo = "a" + string.Concat(Enumerable.Repeat("\u0301", 100_000));
        var hugeUrl = "ok.png" + new string('x', 2_000_000);

        var report = await Register(Csv("fields.csv", "ok.png,a,b,c", $"ok.png,{zalgo}", $"{hugeUrl},長いパス", "ok.png,普通"));

        Assert.Equal((4, 1), (report.Rows, report.Registered));
        Assert.Equal([2, 3, 4], report.Failed.Select(f => f.Line));
        Assert.StartsWith("expected 2 fields (image_url,expected_result), found 4", report.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Contains("is 200000 bytes of UTF-8; the limit is 1024", report.Failed[1].Reason, StringComparison.Ordinal);
        Assert.StartsWith("image file 'ok.pngxxxx", report.Failed[2].Reason, StringComparison.Ordinal);
        Assert.All(report.Failed, f => Assert.True(f.Reason.Length <= 500, $"line {f.Line}: {f.Reason.Length} characters"));
    }

    [Fact]
    public async Task Whatever_the_analyser_throws_fails_that_row_and_the_run_goes_on()
    {
        dir.File("csvs/bad.png", TestImages.Png(SKColors.Red));
        dir.File("csvs/ok.png", TestImages.Png(SKColors.Blue));
        var csv = Csv("analyser.csv", "bad.png,壊れる", "ok.png,普通", "bad.png,もう一度");
        var parts = await EmbeddedParts.OpenAsync(OgiriHome.Resolve(Home), new LocalImageSources(), CancellationToken.None);
        var badKey = ImageKeys.For(TestImages.Png(SKColors.Red), "png");
        var analyser = new Throwing(parts.Analyser, image => image.ImageKey == badKey ? new InvalidOperationException("tesseract failed (exit 1): Image too large: (300000, 3)") : null);
        var registration = new PairRegistration(parts.Store, parts.Table, analyser, parts.Images, TimeProvider.System);

        var report = await registration.RegisterAsync(_ => Task.FromResult<Stream>(File.OpenRead(csv)), "analyser.csv",
            new RegistrationOptions(BaseDirectory: Csvs), null, CancellationToken.None);

        Assert.Equal((3, 1), (report.Rows, report.Registered));
        Assert.Equal([2, 4], report.Failed.Select(f => f.Line));
        Assert.All(report.Failed, f => Assert.Equal("analysing the image failed: tesseract failed (exit 1): Image too large: (300000, 3)", f.Reason));
    }

    [Fact]
    public async Task A_table_that_goes_away_mid_run_stops_it_with_what_finished_and_one_reason()
    {
        dir.File("csvs/a.png", TestImages.Png(SKColors.Red));
        dir.File("csvs/b.png", TestImages.Png(SKColors.Blue));
        var csv = Csv("gone.csv", "a.png,一つ目", "b.png,二つ目", "a.png,三つ目");
        var parts = await EmbeddedParts.OpenAsync(OgiriHome.Resolve(Home), new LocalImageSources(), CancellationToken.None);
        var secondKey = ImageKeys.For(TestImages.Png(SKColors.Blue), "png");
        // When the second picture is analysed, someone drops the table under the run.
        var analyser = new Throwing(parts.Analyser, image =>
        {
            if (image.ImageKey == secondKey) DropTable(Path.Combine(Home, "ogiri.db"));
            return null;
        });
        var registration = new PairRegistration(parts.Store, parts.Table, analyser, parts.Images, TimeProvider.System);

        var stopped = await Assert.ThrowsAsync<RegistrationStoppedException>(() => registration.RegisterAsync(
            _ => Task.FromResult<Stream>(File.OpenRead(csv)), "gone.csv", new RegistrationOptions(BaseDirectory: Csvs, Concurrency: 1), null,
            CancellationToken.None));

        Assert.Equal((1, 1), (stopped.Report.Rows, stopped.Report.Registered));
        Assert.StartsWith("registration stopped after 1 rows: the training-data table ", stopped.Message, StringComparison.Ordinal);
        Assert.Contains("no such table", stopped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stopped.Message);
    }

    [Fact]
    public async Task A_home_whose_table_cannot_be_opened_exits_1_with_one_line()
    {
        dir.File("csvs/a.png", TestImages.Png());
        Directory.CreateDirectory(Path.Combine(Home, "ogiri.db"));

        var (exit, output, err) = await Run("register", Csv("a.csv", "a.png,x"), "--home", Home);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"ogiri: the training-data table {Path.Combine(Home, "ogiri.db")} cannot be used", err, StringComparison.Ordinal);
    }

    private static void DropTable(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP TABLE {TrainingTableSchema.TableName}";
        drop.ExecuteNonQuery();
    }

    /// <summary>The real analyser, except that <paramref name="failure"/> may throw for an image first.</summary>
    private sealed class Throwing(IImageAnalyser inner, Func<StoredImage, Exception?> failure) : IImageAnalyser
    {
        public Task<ImageAnalysis> AnalyseAsync(StoredImage image, CancellationToken cancellationToken) =>
            failure(image) is { } e ? throw e : inner.AnalyseAsync(image, cancellationToken);
    }
}
