using System.Globalization;
using System.Text.RegularExpressions;

namespace Ogiri.Contracts;

/// <summary>
/// Names of the SageMaker resources created at run time. Every name starts with the stack's prefix, so
/// the event rule, the teardown and the IAM policies can select exactly this stack's resources.
/// The prefix is <c>project-stack</c> where neither part holds a hyphen: the prefix of one stack followed by
/// <c>-</c> can then never start another stack's name (stack <c>dev</c>'s <c>ogiri-dev-</c> would otherwise
/// match <c>dev-alice</c>'s <c>ogiri-dev-alice-…</c>).
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

    /// <summary>A project or stack name: lower-case letters and digits, no hyphen (it separates the two).</summary>
    [GeneratedRegex("^[a-z0-9]+$")]
    public static partial Regex NamePart();

    [GeneratedRegex("^[a-z0-9]+-[a-z0-9]+$")]
    private static partial Regex PrefixRule();

    [GeneratedRegex(@"^[a-z0-9]+-[a-z0-9]+-[0-9]{8}-[0-9]{6}-[0-9]{3}-[0-9a-f]{4}$")]
    private static partial Regex VersionRule();

    /// <summary>The prefix of one stack's names, <c>project-stack</c>; throws naming the part that cannot be used.</summary>
    public static string Stem(string project, string stack)
    {
        foreach (var (what, value) in new[] { ("project", project), ("stack", stack) })
        {
            if (!NamePart().IsMatch(value ?? ""))
                throw new ArgumentException(
                    $"{what} name '{value}' must be lower-case letters and digits only: no hyphen, which separates project and stack "
                    + "in every resource name, so that one stack's names can never start another's", what);
        }
        var stem = $"{project}-{stack}";
        if (stem.Length > MaxPrefixLength)
            throw new ArgumentException($"project and stack names '{stem}' are {stem.Length} characters together; at most {MaxPrefixLength - 1} fit every resource name", nameof(stack));
        return stem;
    }

    /// <summary>Throws with a clear reason when <paramref name="prefix"/> cannot start every resource name.</summary>
    public static string ValidatePrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength || !PrefixRule().IsMatch(prefix))
            throw new ArgumentException(
                $"resource prefix '{prefix}' must be project-stack: two parts of lower-case letters and digits joined by one hyphen, at most {MaxPrefixLength} characters",
                nameof(prefix));
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

    /// <summary>Whether <paramref name="name"/> is a training job name (a model version) this stack made.</summary>
    public static bool IsVersionOf(string prefix, string name) => BelongsTo(prefix, name) && VersionRule().IsMatch(name);

    /// <summary>The stack prefix a version was made under (its first two parts), or null for a name that is no version.</summary>
    public static string? PrefixOf(string version) =>
        VersionRule().IsMatch(version) ? string.Join('-', version.Split('-', 3)[..2]) : null;

    /// <summary>
    /// Versions are job names of one stack; ordinal order is the order they were named in. Versions of two stacks
    /// have no order: comparing them is a bug, and throws.
    /// </summary>
    public static int CompareVersions(string a, string b)
    {
        if (PrefixOf(a) is not { } stack || stack != PrefixOf(b))
            throw new ArgumentException($"'{a}' and '{b}' are not versions of one stack");
        return string.CompareOrdinal(a, b);
    }
}
