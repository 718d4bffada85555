using System.Diagnostics;
using System.Globalization;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Encoding;

namespace Ogiri.Trainer.Bench;

/// <summary>
/// The pretrained encoder's cost per picture, paid once per image and view: reading the file, decoding and resizing
/// to 224 px, and both ONNX runs, over the PNGs of a folder (e.g. a practice set's images/).
/// </summary>
public static class EncoderBenchmark
{
    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : throw new ArgumentException("encoder needs a folder of pictures");
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var files = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Take(count).ToArray();
        var open = Stopwatch.StartNew();
        using var encoder = OnnxImageEncoder.Open(threads: threads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{encoder.Id}: loaded in {open.Elapsed.TotalMilliseconds:0} ms"));
        encoder.Encode(ImagePixels.Decode(File.ReadAllBytes(files[0]), encoder.Side)); // warm-up
        double decoding = 0, encoding = 0;
        foreach (var file in files)
        {
            var clock = Stopwatch.StartNew();
            var pixels = ImagePixels.Decode(File.ReadAllBytes(file), encoder.Side);
            var decoded = clock.Elapsed.TotalMilliseconds;
            encoder.Encode(pixels);
            decoding += decoded;
            encoding += clock.Elapsed.TotalMilliseconds - decoded;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files.Length} pictures: {(decoding + encoding) / files.Length:0.0} ms each (decode and resize {decoding / files.Length:0.0} ms, ONNX runs {encoding / files.Length:0.0} ms)"));
        return 0;
    }
}
