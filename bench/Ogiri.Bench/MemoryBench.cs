using System.Diagnostics;
using System.Text.Json;
using Ogiri.Pipeline.Ingestion;

namespace Ogiri.Bench;

/// <summary>
/// "Peak memory of registering a 100 000-row CSV is within 1.5x of a 1 000-row one (streamed, not loaded
/// whole)." Each size is registered in a fresh child process that reports its peak resident set (VmHWM);
/// every row is a different image served by this process, so nothing is deduplicated away.
/// </summary>
internal static class MemoryBench
{
    public const string ChildCommand = "memory-child";
    private const double Target = 1.5;

    private sealed record ChildResult(int Rows, int Registered, int Failed, long PeakKiB, long ManagedPeakKiB, double Seconds);

    public static async Task<int> RunAsync(string[] args)
    {
        var small = args.Length > 0 ? Invariant.Int(args[0]) : 1_000;
        var large = args.Length > 1 ? Invariant.Int(args[1]) : 100_000;
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("memory: reads /proc/self/status, so it runs on Linux only");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("ogiri-bench-memory-");
        try
        {
            await using var server = ImageHost.Start(TimeSpan.Zero);
            Console.WriteLine(Invariant.F($"peak resident memory (VmHWM) of registering a CSV in a fresh process, {Environment.ProcessorCount} cores"));
            var results = new List<ChildResult>();
            foreach (var rows in new[] { small, large })
            {
                var csv = Path.Combine(work.FullName, Invariant.F($"pairs-{rows}.csv"));
                Csv.Write(csv, rows, server.Port);
                var result = await RunChildAsync(csv, Path.Combine(work.FullName, Invariant.F($"home-{rows}")));
                results.Add(result);
                Console.WriteLine(Invariant.F(
                    $"  {rows,7} rows ({new FileInfo(csv).Length / 1024.0 / 1024.0,5:0.0} MiB CSV): peak {result.PeakKiB / 1024.0,6:0.0} MiB (managed heap peak {result.ManagedPeakKiB / 1024.0,5:0.0} MiB), {result.Registered} registered, {result.Failed} failed, {result.Seconds:0.0} s"));
                if (result.Registered != rows) throw new InvalidOperationException("not every row registered");
            }
            var ratio = (double)results[1].PeakKiB / results[0].PeakKiB;
            var met = ratio <= Target;
            Console.WriteLine(Invariant.F($"  ratio {ratio:0.00} (target <= {Target:0.0}): {(met ? "met" : "NOT met")}"));
            return met ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<ChildResult> RunChildAsync(string csv, string home)
    {
        using var child = Process.Start(Self.Start(ChildCommand, csv, home)) ?? throw new InvalidOperationException("could not start the child");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException(Invariant.F($"the child failed ({child.ExitCode}): {output}"));
        return JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException("the child printed nothing");
    }

    /// <summary>In the child: register the CSV with the default concurrency, then print the peaks as one JSON line.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var (csv, home) = (args[0], args[1]);
        using var parts = await Parts.OpenAsync(home);
        var managedPeak = 0L;
        using var sampler = new Timer(_ => InterlockedMax(ref managedPeak, GC.GetTotalMemory(false)), null, 0, 50);
        var watch = Stopwatch.StartNew();
        var report = await parts.RegisterAsync(csv, new RegistrationOptions().Concurrency);
        watch.Stop();
        InterlockedMax(ref managedPeak, GC.GetTotalMemory(false));
        var result = new ChildResult(report.Rows, report.Registered, report.Failed.Count, PeakResidentKiB(),
            Interlocked.Read(ref managedPeak) / 1024, watch.Elapsed.TotalSeconds);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>VmHWM: the process's peak resident set size, in KiB.</summary>
    private static long PeakResidentKiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("no VmHWM in /proc/self/status");
    }
}
