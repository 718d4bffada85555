using System.Globalization;
using System.Text.RegularExpressions;

namespace Ogiri.Contracts;

/// <summary>
/// Names of the SageMaker resources created at run time. Every name starts with the stack's prefix, so
/// the event rule, the teardown and the IAM policies can select exactly this stack's resources.
/// A job's model and endpoint config share the job's name (they live in separate namespaces): the name
/// is the model's version, and versions sort by the time the job was named.
/// </summary>
public static partial class ResourceNames
{
    /// <summary>Tag written on training jobs, models, endpoint configs and the endpoint.</summary>
    public const string StackTag = "ogiri:stack";

    public const int MaxPrefixLength = 24;

    /// <summary>SageMaker's rule for job, model, config and endpoint names.</summary>
    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")]
    public static partial Regex SageMakerName();

    [GeneratedRegex("^[a-z0-9](-?[a-z0-9])*$")]
    private static partial Regex PrefixRule();

    /// <summary>Throws with a clear reason when <paramref name="prefix"/> cannot start every resource name.</summary>
    public static string ValidatePrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength || !PrefixRule().IsMatch(prefix))
            throw new ArgumentException(
                $"resource prefix '{prefix}' must be 1-{MaxPrefixLength} lowercase letters, digits and single hyphens", nameof(prefix));
        return prefix;
    }

    /// <summary>What every name of this stack starts with (the event rule's and the teardown's filter).</summary>
    public static string NamePrefix(string prefix) => ValidatePrefix(prefix) + "-";

    /// <summary>A new, never-reused training job name: prefix, UTC time to the millisecond, four random hex digits.</summary>
    public static string TrainingJob(string prefix, DateTimeOffset now, int random) =>
        NamePrefix(prefix)
        + now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)
        + "-" + (random & 0xFFFF).ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>The model and the endpoint config of one job's artifact carry the job's name.</summary>
    public static string ModelVersion(string trainingJob) => trainingJob;

    /// <summary>The stack's one inference endpoint.</summary>
    public static string Endpoint(string prefix) => NamePrefix(prefix) + "endpoint";

    public static bool BelongsTo(string prefix, string name) => name.StartsWith(NamePrefix(prefix), StringComparison.Ordinal);

    /// <summary>Versions are job names of one stack; ordinal order is the order they were named in.</summary>
    public static int CompareVersions(string a, string b) => string.CompareOrdinal(a, b);
}
