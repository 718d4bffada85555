using System.Text.Json;
using System.Text.RegularExpressions;
using Ogiri.Infra;

namespace Ogiri.Infra.Tests;

public class StackDefinitionsTests
{
    [Fact]
    public void Names_differ_per_stack_and_follow_the_project()
    {
        var dev = new StackNames("ogiri", "dev");
        var prod = new StackNames("ogiri", "prod");
        Assert.Equal("OgiriTrainingDataTable-dev", dev.Table);
        Assert.NotEqual(dev.Table, prod.Table);
        Assert.NotEqual(dev.Endpoint, prod.Endpoint);
        Assert.StartsWith(dev.RuntimePrefix, dev.Endpoint, StringComparison.Ordinal);
        // SageMaker names: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
        Assert.Matches("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", dev.Endpoint);
    }

    [Theory]
    [InlineData("Dev")]
    [InlineData("dev_1")]
    [InlineData("")]
    [InlineData("a-very-long-stack-name-indeed")]
    public void Stack_names_that_would_make_invalid_resource_names_are_refused(string stack)
    {
        var e = Assert.Throws<ArgumentException>(() => new StackNames("ogiri", stack));
        Assert.Contains($"stack name '{stack}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_event_rule_matches_this_stacks_jobs_in_every_final_state()
    {
        using var pattern = JsonDocument.Parse(TrainingJobEvents.Pattern(new StackNames("ogiri", "dev")));
        var root = pattern.RootElement;
        Assert.Equal("aws.sagemaker", root.GetProperty("source")[0].GetString());
        Assert.Equal("SageMaker Training Job State Change", root.GetProperty("detail-type")[0].GetString());
        Assert.Equal("ogiri-dev-", root.GetProperty("detail").GetProperty("TrainingJobName")[0].GetProperty("prefix").GetString());
        Assert.Equal(["Completed", "Failed", "Stopped"],
            root.GetProperty("detail").GetProperty("TrainingJobStatus").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_notification_filters_csv_uploads()
    {
        Assert.Equal(".csv", CsvUploadNotification.FilterSuffix);
        Assert.Equal(["s3:ObjectCreated:*"], CsvUploadNotification.Events);
    }

    [Fact]
    public void Repository_lifecycle_keeps_the_newest_images()
    {
        using var policy = JsonDocument.Parse(RepositoryLifecycle.Policy(10));
        var rule = policy.RootElement.GetProperty("rules")[0];
        Assert.Equal(10, rule.GetProperty("selection").GetProperty("countNumber").GetInt32());
        Assert.Equal("imageCountMoreThan", rule.GetProperty("selection").GetProperty("countType").GetString());
        Assert.Equal("expire", rule.GetProperty("action").GetProperty("type").GetString());
    }

    [Fact]
    public void Settings_default_when_absent()
    {
        Assert.Equal(StackSettings.Defaults, StackSettings.Parse(new Dictionary<string, string>()));
        var s = StackSettings.Parse(new Dictionary<string, string> { ["epochs"] = "12", ["bucketForceDestroy"] = "true" });
        Assert.Equal((12, true), (s.Epochs, s.BucketForceDestroy));
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_with_key_and_value()
    {
        var e = Assert.Throws<StackSettingsException>(() => StackSettings.Parse(new Dictionary<string, string>
        {
            ["epochs"] = "ten",
            ["logRetentionDays"] = "10",
            ["trainingInstanceType"] = "m5.large",
            ["epoch"] = "3",
        }));
        Assert.Equal(4, e.Errors.Count);
        Assert.Contains("ogiri:epochs = 'ten': expected a whole number from 1 to 1000", e.Errors);
        Assert.Contains(e.Errors, m => m.StartsWith("ogiri:logRetentionDays = '10': expected one of 1, 3, 5", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("ogiri:trainingInstanceType = 'm5.large'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("ogiri:epoch is not a setting of this project", StringComparison.Ordinal));
    }

    [Fact]
    public void No_account_id_region_or_arn_literal_in_the_infrastructure_code()
    {
        var infra = Path.Combine(RepositoryRoot(), "infra");
        var sources = Directory.EnumerateFiles(infra, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);
        var forbidden = new Regex(@"\b\d{12}\b|arn:aws[a-z-]*:[a-z0-9-]+:|\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b");
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            var match = forbidden.Match(text);
            Assert.False(match.Success, $"{Path.GetRelativePath(infra, file)} holds the literal '{match.Value}'");
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ogiri.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

public class StackConfigFileTests
{
    [Fact]
    public void The_dev_stack_file_sets_only_known_settings_and_they_validate()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Pulumi.dev.yaml"))) root = root.Parent!;
        var settings = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(root.FullName, "Pulumi.dev.yaml")))
        {
            var m = Regex.Match(line, @"^\s+ogiri:(\w+):\s*""?([^""]*)""?\s*$");
            if (m.Success) settings[m.Groups[1].Value] = m.Groups[2].Value;
        }
        Assert.Equal(StackSettings.Keys.Order(), settings.Keys.Order());
        Assert.Equal(StackSettings.Defaults, StackSettings.Parse(settings));
    }
}

public class WorkerEnvironmentTests
{
    [Fact]
    public void The_functions_get_every_setting_they_read_under_the_names_they_read()
    {
        var names = new StackNames("ogiri", "dev");
        var env = WorkerEnvironment.For(names, StackSettings.Defaults with { MaxTrainingMinutes = 90 },
            new WorkerResources("b", "t", "repo@sha256:1", "arn:role"));
        var settings = Ogiri.Aws.SageMaker.SageMakerSettings.FromEnvironment(key => env.GetValueOrDefault(key));
        Assert.Equal(90 * 60, settings.TrainingMaxSeconds);
        Assert.Equal("b", settings.Bucket);
        Assert.Equal("repo@sha256:1", settings.TrainerImage);
        // The functions name runtime resources with the prefix; the rule and the policies match the same names.
        Assert.True(Ogiri.Contracts.ResourceNames.BelongsTo(env[Ogiri.Contracts.FunctionEnvironment.ResourcePrefix], names.Endpoint));
        Assert.StartsWith(names.RuntimePrefix,
            Ogiri.Contracts.ResourceNames.TrainingJob(env[Ogiri.Contracts.FunctionEnvironment.ResourcePrefix], DateTimeOffset.UnixEpoch, 7), StringComparison.Ordinal);
    }
}
