using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ogiri.Pipeline.Ingestion;

public sealed record RowFailure(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>Where the upload's model ended up, as the end worker last saw it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeploymentOutcomeKind>))]
public enum DeploymentOutcomeKind
{
    /// <summary>The endpoint was created on, or updated to, this upload's model (or already served it).</summary>
    [JsonStringEnumMemberName("deployed")] Deployed,
    /// <summary>A newer model is deployed; this older one is kept off the endpoint.</summary>
    [JsonStringEnumMemberName("kept")] Kept,
    /// <summary>The endpoint is busy or being replaced; the end worker tries again.</summary>
    [JsonStringEnumMemberName("retrying")] Retrying,
    /// <summary>Training or deployment failed: see the reason.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>
/// The deployment's outcome for one upload: <paramref name="Version"/> is the model version the endpoint serves
/// (this upload's when deployed, the newer one when kept).
/// </summary>
public sealed record DeploymentOutcome(
    [property: JsonPropertyName("outcome")] DeploymentOutcomeKind Outcome,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason)
{
    /// <summary>Nothing more will happen to this upload's model: deployed, kept off or failed.</summary>
    [JsonIgnore]
    public bool IsFinal => Outcome is not DeploymentOutcomeKind.Retrying;
}

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

    /// <summary>What became of the trained model (written by the end worker once the job ended).</summary>
    [JsonPropertyName("deployment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DeploymentOutcome? Deployment { get; init; }

    /// <summary>The whole file was refused (not UTF-8, wrong header): why. No row was registered.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>Content hash of the CSV the report is about; a new upload under the same key starts a new report.</summary>
    [JsonPropertyName("sourceVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceVersion { get; init; }

    /// <summary>Set while registration is unfinished: the rows up to this line are done, a fresh run continues after it.</summary>
    [JsonPropertyName("resumeAfterLine")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ResumeAfterLine { get; init; }

    /// <summary>Registration is over: nothing more will change in this report except the training job's outcome and its <see cref="Deployment"/>.</summary>
    [JsonIgnore]
    public bool IsFinal => ResumeAfterLine is null && (TrainingJob is not null || TrainingFailure is not null || Error is not null);

    /// <summary>This report followed by a later run over the rest of the same file.</summary>
    public IngestionReport Plus(IngestionReport later) => this with
    {
        Rows = Rows + later.Rows,
        Registered = Registered + later.Registered,
        Duplicates = Duplicates + later.Duplicates,
        Analyses = Analyses + later.Analyses,
        Failed = [.. Failed, .. later.Failed],
    };

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
