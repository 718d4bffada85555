using System.Text;
using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>
/// Writes pictures and their CSV (header <c>image_url,expected_result</c>, one row per answer, paths
/// relative to the CSV, UTF-8 without BOM, LF line ends) so the same seed gives the same bytes.
/// </summary>
public sealed class DataSetWriter(SceneRenderer renderer)
{
    public const string Header = "image_url,expected_result";

    public void Write(string csvPath, IReadOnlyList<SamplePicture> pictures)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var picture in pictures)
        {
            var imagePath = Path.Combine(folder, picture.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(imagePath)!);
            File.WriteAllBytes(imagePath, renderer.RenderPng(picture.Scene, picture.ArtPath));
            foreach (var answer in picture.Answers) csv.Append(Field(picture.RelativePath)).Append(',').Append(Field(answer)).Append('\n');
        }
        File.WriteAllText(csvPath, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
