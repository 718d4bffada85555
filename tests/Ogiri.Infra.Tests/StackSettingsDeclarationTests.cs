using System.Globalization;
using System.Text.RegularExpressions;
using Ogiri.Infra;

namespace Ogiri.Infra.Tests;

/// <summary>Pulumi.yaml's project-level <c>config:</c> block and the keys a stack's config holds, against <see cref="StackSettings"/>.</summary>
public class StackSettingsDeclarationTests
{
    private static string ProjectFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Pulumi.yaml not found"), "Pulumi.yaml");
    }

    /// <summary>Each <c>ogiri:key:</c> of the config block with its type, description and default.</summary>
    private static Dictionary<string, Dictionary<string, string>> Declared()
    {
        var declared = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        var inConfig = false;
        foreach (var line in File.ReadAllLines(ProjectFile()))
        {
            if (Regex.IsMatch(line, @"^\S"))
            {
                inConfig = line.StartsWith("config:", StringComparison.Ordinal);
                continue;
            }
            if (!inConfig) continue;
            if (Regex.Match(line, @"^  ogiri:(\w+):\s*$") is { Success: true } key) declared[key.Groups[1].Value] = current = [];
            else if (Regex.Match(line, @"^    (type|description|default): (.+)$") is { Success: true } field && current is not null)
                current[field.Groups[1].Value] = field.Groups[2].Value;
            else if (line.Trim().Length > 0) Assert.Fail($"Pulumi.yaml: unexpected line in the config block: {line}");
        }
        return declared;
    }

    [Fact]
    public void The_project_file_declares_exactly_the_settings_with_their_types_descriptions_and_defaults()
    {
        var declared = Declared();

        Assert.Equal(StackSettings.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        Assert.All(declared, d => Assert.Equal(["default", "description", "type"], d.Value.Keys.Order(StringComparer.Ordinal)));
        var defaults = declared.ToDictionary(d => d.Key, d => d.Value["default"]);
        Assert.Equal(StackSettings.Defaults, StackSettings.Parse(defaults));
        foreach (var (key, fields) in declared)
        {
            var expected = fields["default"] switch
            {
                "true" or "false" => "boolean",
                var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _) => "integer",
                _ => "string",
            };
            Assert.True(expected == fields["type"], $"ogiri:{key} is declared {fields["type"]} with default {fields["default"]}");
        }
    }

    [Fact]
    public void A_typo_in_the_stack_config_is_refused_by_its_name_and_other_namespaces_are_left_alone()
    {
        // PULUMI_CONFIG as the language host sets it: full keys, every value a string.
        const string config = """{"aws:region":"ap-northeast-1","ogiri:epoch":"3","ogiri:config:workerMemoryMb":"1024","ogiri:bucketForceDestroy":"true"}""";

        var own = StackSettings.FromStackConfig(config);
        var error = Assert.Throws<StackSettingsException>(() => StackSettings.Parse(own));

        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "3", ["workerMemoryMb"] = "1024", ["bucketForceDestroy"] = "true" }, own);
        var line = Assert.Single(error.Errors);
        Assert.StartsWith("ogiri:epoch is not a setting of this project", line, StringComparison.Ordinal);
        Assert.Contains("epochs", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_keys_of_the_stack_config_are_read_whatever_their_json_type()
    {
        var settings = StackSettings.Parse(StackSettings.FromStackConfig("""{"ogiri:epochs":5,"ogiri:managedSpotTraining":true,"ogiri:trainingInstanceType":"ml.c5.xlarge"}"""));

        Assert.Equal(StackSettings.Defaults with { Epochs = 5, ManagedSpotTraining = true, TrainingInstanceType = "ml.c5.xlarge" }, settings);
        Assert.Empty(StackSettings.FromStackConfig(null));
    }
}
