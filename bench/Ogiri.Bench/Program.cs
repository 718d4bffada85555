using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ogiri.Bench;

// The ingestion benchmarks of docs/benchmarks.md. Each exits 0 when its target is met, 1 when not.
//   concurrency   400 rows from a local HTTP server that waits 50 ms per image: default concurrency vs 1
//   memory        peak memory of registering a 100 000-row CSV vs a 1 000-row one, each in a fresh process
var name = args.Length > 0 ? args[0] : "";
return name switch
{
    "concurrency" => await ConcurrencyBench.RunAsync(args.Skip(1).ToArray()),
    "memory" => await MemoryBench.RunAsync(args.Skip(1).ToArray()),
    MemoryBench.ChildCommand => await MemoryBench.ChildAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Ogiri.Bench -- concurrency|memory");
    return 2;
}

namespace Ogiri.Bench
{
    internal static class Invariant
    {
        public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

        public static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>Starting this same program again as a child process.</summary>
    internal static class Self
    {
        public static ProcessStartInfo Start(params string[] args)
        {
            var process = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
            var start = new ProcessStartInfo(process) { RedirectStandardOutput = true, UseShellExecute = false };
            // Under `dotnet Ogiri.Bench.dll` the process is the dotnet host: pass the assembly first.
            if (Path.GetFileNameWithoutExtension(process) == "dotnet") start.ArgumentList.Add(typeof(Self).Assembly.Location);
            foreach (var a in args) start.ArgumentList.Add(a);
            return start;
        }
    }

    internal static class Csv
    {
        /// <summary>Writes a CSV of <paramref name="rows"/> rows whose images are /img/{i}.png on the server, streaming.</summary>
        public static void Write(string path, int rows, int port)
        {
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
            writer.Write("image_url,expected_result\n");
            for (var i = 0; i < rows; i++)
            {
                writer.Write(Invariant.F($"http://127.0.0.1:{port}/img/{i}.png,答え{i}番 — ベンチマークの大喜利\n"));
            }
        }
    }
}
