using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Contracts;

/// <summary>A label as Rekognition reports it: a name and a confidence from 0 to 100.</summary>
public sealed record Label(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("confidence")] double Confidence);

/// <summary>One training pair in <c>manifest.jsonl</c>.</summary>
/// <param name="Image">Path of the image relative to the images channel (its ImageKey).</param>
public sealed record ManifestEntry(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("caption")] string Caption,
    [property: JsonPropertyName("labels")] IReadOnlyList<Label> Labels,
    [property: JsonPropertyName("text")] string? Text);

/// <summary>
/// The training set's manifest: JSON Lines, one <see cref="ManifestEntry"/> per line, UTF-8 without BOM.
/// The trainer reads files only; this is the whole contract between the workers and it.
/// </summary>
public static class TrainingManifest
{
    public const string FileName = "manifest.jsonl";

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToLine(ManifestEntry entry) => JsonSerializer.Serialize(entry, Options);

    public static async Task WriteAsync(Stream destination, IAsyncEnumerable<ManifestEntry> entries, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(destination, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(ToLine(entry).AsMemory(), cancellationToken);
        }
    }

    /// <summary>Reads a manifest; a malformed line fails with its line number.</summary>
    public static async IAsyncEnumerable<ManifestEntry> ReadAsync(TextReader reader, string name,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ManifestEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<ManifestEntry>(line, Options);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{name}:{lineNumber}: not a manifest entry: {e.Message}", e);
            }
            if (entry is null || string.IsNullOrEmpty(entry.Image) || string.IsNullOrEmpty(entry.Caption))
            {
                throw new InvalidDataException($"{name}:{lineNumber}: a manifest entry needs \"image\" and \"caption\"");
            }
            yield return entry with { Labels = entry.Labels ?? [] };
        }
    }
}
