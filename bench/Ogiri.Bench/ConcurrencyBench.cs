using System.Diagnostics;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Bench;

/// <summary>
/// "400 rows fetched from a local HTTP server that waits 50 ms per image: default concurrency ≥ 10x faster
/// than concurrency 1, measured side by side in one run."
/// </summary>
internal static class ConcurrencyBench
{
    private const double Target = 10.0;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? Invariant.Int(args[0]) : 400;
        var delay = TimeSpan.FromMilliseconds(args.Length > 1 ? Invariant.Int(args[1]) : 50);
        var defaultConcurrency = new RegistrationOptions().Concurrency;
        var work = Directory.CreateTempSubdirectory("ogiri-bench-concurrency-");
        try
        {
            await using var server = ImageHost.Start(delay);
            var csv = Path.Combine(work.FullName, "pairs.csv");
            Csv.Write(csv, rows, server.Port);

            // Warm-up on 20 rows of their own (JIT, SkiaSharp, SQLite), not counted.
            var warmCsv = Path.Combine(work.FullName, "warm.csv");
            Csv.Write(warmCsv, 20, server.Port);
            await TimeAsync(Path.Combine(work.FullName, "warm"), warmCsv, defaultConcurrency);

            Console.WriteLine(Invariant.F($"{rows} rows, image server delay {delay.TotalMilliseconds:0} ms per image, {Environment.ProcessorCount} cores"));
            var one = await TimeAsync(Path.Combine(work.FullName, "c1"), csv, 1);
            Console.WriteLine(Invariant.F($"  concurrency 1: {one.TotalSeconds,7:0.00} s  ({rows / one.TotalSeconds,6:0.0} rows/s)"));
            var many = await TimeAsync(Path.Combine(work.FullName, "cdefault"), csv, defaultConcurrency);
            Console.WriteLine(Invariant.F($"  concurrency {defaultConcurrency} (default): {many.TotalSeconds,7:0.00} s  ({rows / many.TotalSeconds,6:0.0} rows/s)"));
            var speedup = one / many;
            var met = speedup >= Target;
            Console.WriteLine(Invariant.F($"  speed-up {speedup:0.0}x (target >= {Target:0}x): {(met ? "met" : "NOT met")}"));
            return met ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Registers the CSV into a fresh home; every row must register.</summary>
    private static async Task<TimeSpan> TimeAsync(string home, string csv, int concurrency)
    {
        using var parts = await Parts.OpenAsync(home);
        var watch = Stopwatch.StartNew();
        var report = await parts.RegisterAsync(csv, concurrency);
        watch.Stop();
        if (report.Failed.Count > 0 || report.Registered != report.Rows)
            throw new InvalidOperationException(Invariant.F(
                $"registration did not register every row: {report.Registered} of {report.Rows}; first failure: {(report.Failed.Count > 0 ? report.Failed[0] : null)}"));
        return watch.Elapsed;
    }
}
