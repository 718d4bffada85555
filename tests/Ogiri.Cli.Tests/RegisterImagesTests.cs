using System.Buffers.Binary;
using Ogiri.Cli.Commands;
using Ogiri.Cli.Embedded;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;
using Ogiri.TestSupport;
using SkiaSharp;

namespace Ogiri.Cli.Tests;

/// <summary>
/// `ogiri register` with images over http from a real local server, every accepted image format, and a
/// decompression bomb; on real parts (SQLite, the bucket folder, Tesseract).
/// </summary>
public sealed class RegisterImagesTests : IAsyncDisposable
{
    private readonly TempDir dir = new();
    private readonly Dictionary<string, HttpReply> routes = new(StringComparer.Ordinal);
    private readonly LocalHttpServer server;
    private string Home => Path.Combine(dir.Path, "home");

    public RegisterImagesTests()
    {
        server = new LocalHttpServer(path => routes.TryGetValue(path, out var reply) ? reply : new HttpReply(404, "no"u8.ToArray(), "text/plain"));
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        dir.Dispose();
    }

    private async Task<IngestionReport> Register(string csv, params string[] extra)
    {
        var (exit, output, err) = await CliRun.Run(["register", csv, "--home", Home, "--json", .. extra]);
        var report = IngestionReport.FromJson(output);
        // The report is printed either way; when every row failed the exit code says so.
        Assert.True(exit == (report.Rows > 0 && report.Failed.Count == report.Rows ? Ogiri.Cli.Commands.ExitCodes.NothingRegistered : 0), err);
        return report;
    }

    private async Task<List<TrainingPair>> Pairs()
    {
        var table = await SqliteTrainingDataTable.OpenAsync(Path.Combine(Home, "ogiri.db"), CancellationToken.None);
        var pairs = new List<TrainingPair>();
        await foreach (var p in table.ScanAsync(CancellationToken.None)) pairs.Add(p);
        return pairs;
    }

    private string HttpCsv()
    {
        routes["/red.png"] = HttpReply.Image(TestImages.Png(new SKColor(220, 30, 30)));
        routes["/blue.jpg"] = HttpReply.Image(TestImages.Jpeg(new SKColor(30, 30, 220)), "image/jpeg");
        routes["/moved"] = HttpReply.Redirect("/blue.jpg", 301);
        var port = server.Port;
        return dir.Text("http.csv",
            "image_url,expected_result\n" +
            $"http://127.0.0.1:{port}/red.png,赤い\n" +
            $"http://localhost:{port}/red.png,同じ画像の別の答え\n" +
            $"http://127.0.0.1:{port}/moved,青い\n" +
            $"http://2130706433:{port}/blue.jpg,十進数で書いたアドレス\n" +
            $"http://127.0.0.1:{port}/missing.png,ない\n" +
            $"http://[::1]:{port}/red.png,IPv6\n");
    }

    [Fact]
    public async Task Registers_images_served_over_http_when_the_private_network_is_allowed()
    {
        var csv = HttpCsv();

        var report = await Register(csv, "--allow-private-network");

        // [::1] is allowed too, but the server listens on IPv4 only: a connection error, reported on its row.
        Assert.Equal((6, 4, 0, 2), (report.Rows, report.Registered, report.Duplicates, report.Analyses));
        Assert.Equal([6, 7], report.Failed.Select(f => f.Line));
        Assert.Equal($"image_url http://127.0.0.1:{server.Port}/missing.png answered HTTP 404 (Not Found)", report.Failed[0].Reason);
        Assert.StartsWith("image_url host ::1 ", report.Failed[1].Reason, StringComparison.Ordinal);
        var pairs = await Pairs();
        Assert.Equal("Red", pairs.Single(p => p.ExpectedResult == "赤い").Analysis.Labels[0].Name);
        Assert.Equal("Blue", pairs.Single(p => p.ExpectedResult == "青い").Analysis.Labels[0].Name);
        Assert.Equal($"http://127.0.0.1:{server.Port}/moved", pairs.Single(p => p.ExpectedResult == "青い").Source);

        var again = await Register(csv, "--allow-private-network");
        Assert.Equal((0, 4, 0), (again.Registered, again.Duplicates, again.Analyses));
    }

    [Fact]
    public async Task Refuses_every_local_address_row_by_row_without_the_option_and_never_connects()
    {
        var csv = HttpCsv();
        File.AppendAllText(csv, "http://169.254.169.254/latest/meta-data/,メタデータ\nftp://example.com/a.png,FTP\n");

        var report = await Register(csv);

        Assert.Equal((8, 0, 0), (report.Rows, report.Registered, report.Analyses));
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], report.Failed.Select(f => f.Line));
        Assert.Equal(
        [
            "image_url host 127.0.0.1 is a loopback address; pass --allow-private-network to allow it",
            "image_url host localhost is a loopback address; pass --allow-private-network to allow it",
            "image_url host 127.0.0.1 is a loopback address; pass --allow-private-network to allow it",
            "image_url host 127.0.0.1 is a loopback address; pass --allow-private-network to allow it",
            "image_url host 127.0.0.1 is a loopback address; pass --allow-private-network to allow it",
            "image_url host [::1] is a loopback address; pass --allow-private-network to allow it",
            "image_url host 169.254.169.254 is a link-local address; pass --allow-private-network to allow it",
            "image_url scheme 'ftp' is not supported; use http(s), s3:// or (locally) a path relative to the CSV",
        ], report.Failed.Select(f => f.Reason));
        Assert.Equal(0, server.Connections);
        Assert.Empty(await Pairs());
    }

    [Fact]
    public async Task Registers_every_accepted_format_with_its_colours()
    {
        dir.File("baseline.jpg", TestImages.Jpeg(new SKColor(220, 30, 30)));
        dir.File("progressive.jpg", TestImages.ProgressiveJpeg(new SKColor(30, 160, 40)));
        dir.File("cmyk.jpg", TestImages.CmykJpeg(new SKColor(30, 30, 220)));
        dir.File("image.png", TestImages.Png(new SKColor(240, 220, 20)));
        dir.File("image.webp", TestImages.Draw(SKEncodedImageFormat.Webp, background: new SKColor(130, 40, 200)));
        dir.File("animated.gif", TestImages.AnimatedGif(96, 64, new SKColor(250, 140, 0), new SKColor(30, 30, 220)));
        var csv = dir.Text("formats.csv",
            "image_url,expected_result\n" +
            "baseline.jpg,ベースライン\n" +
            "progressive.jpg,プログレッシブ\n" +
            "cmyk.jpg,CMYK\n" +
            "image.png,PNG\n" +
            "image.webp,WebP\n" +
            "animated.gif,GIF\n");

        var report = await Register(csv);

        Assert.Empty(report.Failed);
        Assert.Equal((6, 6), (report.Registered, report.Analyses));
        var pairs = (await Pairs()).ToDictionary(p => p.ExpectedResult);
        Assert.Equal("Red", pairs["ベースライン"].Analysis.Labels[0].Name);
        Assert.Equal("Green", pairs["プログレッシブ"].Analysis.Labels[0].Name);
        // CMYK decoded to the right colour, not inverted.
        Assert.Equal("Blue", pairs["CMYK"].Analysis.Labels[0].Name);
        Assert.Equal("Yellow", pairs["PNG"].Analysis.Labels[0].Name);
        Assert.Equal("Purple", pairs["WebP"].Analysis.Labels[0].Name);
        // The first frame (orange), not the second (blue).
        Assert.Equal("Orange", pairs["GIF"].Analysis.Labels[0].Name);
        Assert.EndsWith(".gif", pairs["GIF"].ImageKey, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Home, "bucket", Ogiri.Contracts.BucketLayout.Image(pairs["CMYK"].ImageKey))));
    }

    [Fact]
    public async Task Refuses_a_decompression_bomb_on_its_row()
    {
        // A valid 1x1 PNG whose header claims 50000x50000 pixels (2.5 gigapixels; the limit is 40 million).
        var bomb = TestImages.Png(width: 1, height: 1);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 50_000);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(29), Crc32.Compute(bomb.AsSpan(12, 17)));
        dir.File("bomb.png", bomb);
        dir.File("ok.png", TestImages.Png());
        routes["/bomb.png"] = HttpReply.Image(bomb);

        var report = await Register(dir.Text("bomb.csv",
            "image_url,expected_result\n" +
            "bomb.png,爆弾\n" +
            "ok.png,普通\n" +
            $"http://127.0.0.1:{server.Port}/bomb.png,HTTPの爆弾\n"), "--allow-private-network");

        Assert.Equal((3, 1), (report.Rows, report.Registered));
        Assert.Equal([2, 4], report.Failed.Select(f => f.Line));
        Assert.All(report.Failed, f => Assert.Equal("image claims 50000x50000 pixels; the limit is 40000000 pixels", f.Reason));
    }

    [Fact]
    public async Task Many_rows_of_one_image_in_flight_at_once_are_analysed_once()
    {
        routes["/same.png"] = new HttpReply(200, TestImages.Png(new SKColor(30, 160, 40)), "image/png", Delay: TimeSpan.FromMilliseconds(20));
        var rows = Enumerable.Range(0, 60).Select(i => $"http://127.0.0.1:{server.Port}/same.png,答え{i}\n");
        var csv = dir.Text("same.csv", "image_url,expected_result\n" + string.Concat(rows));

        var report = await Register(csv, "--allow-private-network", "--concurrency", "16");
        var again = await Register(dir.Text("more.csv", "image_url,expected_result\n" + $"http://127.0.0.1:{server.Port}/same.png,もう一つ\n"),
            "--allow-private-network");

        Assert.Equal((60, 60, 1), (report.Rows, report.Registered, report.Analyses));
        Assert.Equal((1, 0), (again.Registered, again.Analyses));
        Assert.Single((await Pairs()).Select(p => p.ImageKey).Distinct());
    }

    [Fact]
    public async Task A_table_dropped_under_a_running_register_ends_it_with_the_rows_done_and_one_line()
    {
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            routes[$"/{i}.png"] = new HttpReply(200, TestImages.Png(new SKColor((byte)(i * 6), 90, 160)), "image/png", Delay: TimeSpan.FromMilliseconds(100));
            return $"http://127.0.0.1:{server.Port}/{i}.png,答え{i}\n";
        });
        var csv = dir.Text("slow.csv", "image_url,expected_result\n" + string.Concat(rows));

        var registering = CliRun.Run(["register", csv, "--home", Home, "--json", "--allow-private-network", "--concurrency", "1"]);
        var database = Path.Combine(Home, "ogiri.db");
        while (!registering.IsCompleted && (!File.Exists(database) || await Count(database) == 0)) await Task.Delay(20);
        await Drop(database);
        var (exit, output, err) = await registering;

        Assert.Equal(1, exit);
        var report = IngestionReport.FromJson(output);
        Assert.InRange(report.Registered, 1, 39);
        Assert.Equal(report.Rows, report.Registered);
        Assert.StartsWith("registration stopped after ", report.Error, StringComparison.Ordinal);
        // Besides the progress bar (cleared on a terminal), one line, and no stack trace.
        var lines = err.Trim().Split('\n').Where(l => l.StartsWith("ogiri:", StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Matches(@"^ogiri: slow\.csv: registration stopped after \d+ rows: the training-data table .* cannot be used: .*no such table", lines[0]);
        Assert.True(File.Exists(Path.Combine(Home, "bucket", "reports", "slow.csv.json")));
    }

    private static async Task<long> Count(string database)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {Ogiri.Contracts.TrainingTableSchema.TableName}";
        try
        {
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created yet
        }
    }

    private static async Task Drop(string database)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA busy_timeout=30000; DROP TABLE {Ogiri.Contracts.TrainingTableSchema.TableName}";
        await cmd.ExecuteNonQueryAsync();
    }
}
