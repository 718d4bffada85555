using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Pipeline.Ingestion;

public sealed record RowFailure(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// What happened to every row of one CSV; written to <c>reports/&lt;csv key&gt;.json</c> and printed by
/// <c>ogiri register --json</c>. rows = registered + duplicates + failed.
/// </summary>
public sealed record IngestionReport(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("registered")] int Registered,
    [property: JsonPropertyName("duplicates")] int Duplicates,
    [property: JsonPropertyName("analyses")] int Analyses,
    [property: JsonPropertyName("failed")] IReadOnlyList<RowFailure> Failed)
{
    /// <summary>The training job this upload started, once it started one.</summary>
    [JsonPropertyName("trainingJob")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainingJob { get; init; }

    /// <summary>How the training job ended, when it did not complete (status and reason).</summary>
    [JsonPropertyName("trainingFailure")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainingFailure { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static IngestionReport FromJson(string json) =>
        JsonSerializer.Deserialize<IngestionReport>(json, JsonOptions)
        ?? throw new InvalidDataException("empty report");
}
