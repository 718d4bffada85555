using System.Globalization;
using System.Text.RegularExpressions;

namespace Ogiri.Infra;

/// <summary>
/// The stack's own settings (Pulumi config namespace <c>ogiri</c>), validated with errors that name the key
/// and the value. Defaults are what Pulumi.yaml declares (its project-level config block).
/// </summary>
public sealed partial record StackSettings(
    string TrainingInstanceType,
    string EndpointInstanceType,
    int Epochs,
    int MaxTrainingMinutes,
    int LogRetentionDays,
    bool BucketForceDestroy,
    int WorkerMemoryMb,
    int WorkerTimeoutSeconds,
    bool ManagedSpotTraining)
{
    public const string Namespace = "ogiri";

    public static StackSettings Defaults { get; } = new("ml.m5.large", "ml.m5.large", 30, 120, 30, false, 2048, 900, false);

    /// <summary>Every key this project reads from its config namespace.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "trainingInstanceType", "endpointInstanceType", "epochs", "maxTrainingMinutes", "logRetentionDays",
        "bucketForceDestroy", "workerMemoryMb", "workerTimeoutSeconds", "managedSpotTraining",
    ];

    /// <summary>
    /// This project's settings out of a stack's whole config as the language host hands it to the program (the JSON
    /// object in PULUMI_CONFIG, keys <c>ogiri:epochs</c> or the older <c>ogiri:config:epochs</c>): every key of the
    /// namespace, known or not, so that <see cref="Parse"/> can refuse a typo by name. Other namespaces are left alone.
    /// </summary>
    public static Dictionary<string, string> FromStackConfig(string? pulumiConfigJson)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(pulumiConfigJson)) return own;
        using var document = System.Text.Json.JsonDocument.Parse(pulumiConfigJson);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var key = entry.Name;
            if (!key.StartsWith(Namespace + ":", StringComparison.Ordinal)) continue;
            key = key[(Namespace.Length + 1)..];
            if (key.StartsWith("config:", StringComparison.Ordinal)) key = key["config:".Length..];
            own[key] = entry.Value.ValueKind == System.Text.Json.JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
        }
        return own;
    }

    /// <summary>CloudWatch Logs accepts only these retention periods.</summary>
    public static readonly IReadOnlyList<int> RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>Reads settings from config values by key (without the namespace); unknown keys are errors too.</summary>
    public static StackSettings Parse(IReadOnlyDictionary<string, string> config)
    {
        var errors = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var d = Defaults;

        string Text(string key, string fallback, Func<string, bool> valid, string expectation)
        {
            known.Add(key);
            if (!config.TryGetValue(key, out var value)) return fallback;
            if (valid(value)) return value;
            errors.Add($"{Namespace}:{key} = '{value}': {expectation}");
            return fallback;
        }

        int Int(string key, int fallback, int min, int max, IReadOnlyList<int>? allowed = null)
        {
            var text = Text(key, fallback.ToString(CultureInfo.InvariantCulture),
                v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                     && (allowed is null || allowed.Contains(n)),
                allowed is null ? $"expected a whole number from {min} to {max}" : $"expected one of {string.Join(", ", allowed)}");
            return int.Parse(text, CultureInfo.InvariantCulture);
        }

        var settings = new StackSettings(
            Text("trainingInstanceType", d.TrainingInstanceType, v => InstanceType().IsMatch(v), "expected a SageMaker instance type such as ml.m5.large"),
            Text("endpointInstanceType", d.EndpointInstanceType, v => InstanceType().IsMatch(v), "expected a SageMaker instance type such as ml.m5.large"),
            Int("epochs", d.Epochs, 1, 1000),
            Int("maxTrainingMinutes", d.MaxTrainingMinutes, 5, 7 * 24 * 60),
            Int("logRetentionDays", d.LogRetentionDays, 1, 3653, RetentionDays),
            bool.Parse(Text("bucketForceDestroy", "false", v => v is "true" or "false", "expected true or false")),
            Int("workerMemoryMb", d.WorkerMemoryMb, 512, 10240),
            Int("workerTimeoutSeconds", d.WorkerTimeoutSeconds, 60, 900),
            bool.Parse(Text("managedSpotTraining", "false", v => v is "true" or "false", "expected true or false")));

        System.Diagnostics.Debug.Assert(known.SetEquals(Keys), "Keys lists every setting parsed above");
        foreach (var key in config.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal))
            errors.Add($"{Namespace}:{key} is not a setting of this project (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        if (errors.Count > 0) throw new StackSettingsException(errors);
        return settings;
    }

    [GeneratedRegex(@"^ml\.[a-z0-9]+\.[a-z0-9]+$")]
    private static partial Regex InstanceType();
}

/// <summary>Every problem of a stack's config at once, one per line.</summary>
public sealed class StackSettingsException(IReadOnlyList<string> errors)
    : Exception("invalid stack configuration:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
