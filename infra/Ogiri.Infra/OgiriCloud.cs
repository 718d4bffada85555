using System.Collections.Immutable;
using Ogiri.Contracts;
using Pulumi;
using Aws = Pulumi.Aws;
using Docker = Pulumi.Docker;

namespace Ogiri.Infra;

/// <summary>
/// The whole cloud side of one stack, wired from the decisions in Ogiri.Infra.Definitions: names,
/// policies, patterns and settings are made there (and tested in CI); this class only connects resources.
/// </summary>
public sealed class OgiriCloud : Stack
{
    public OgiriCloud()
    {
        var names = new StackNames(Deployment.Instance.ProjectName, Deployment.Instance.StackName);
        var settings = ReadSettings(new Config(StackSettings.Namespace));
        var root = RepositoryRoot();

        // Account, region and partition come from the provider: nothing about them is written down.
        var scope = Output.Tuple(Aws.GetPartition.Invoke(), Aws.GetRegion.Invoke(), Aws.GetCallerIdentity.Invoke())
            .Apply(t => new AwsScope(t.Item1.Partition, t.Item2.Region, t.Item3.AccountId));

        // Data: the bucket (private, encrypted, TLS only) and the training-data table.
        var bucket = new Aws.S3.Bucket("data", new Aws.S3.BucketArgs
        {
            BucketPrefix = names.BucketPrefix,
            Tags = names.Tags,
            ForceDestroy = settings.BucketForceDestroy,
        });
        var policies = Output.Tuple(scope, bucket.BucketName).Apply(t => new StackPolicies(names, t.Item1, t.Item2, settings));
        var publicAccess = new Aws.S3.BucketPublicAccessBlock("data", new Aws.S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        });
        _ = new Aws.S3.BucketServerSideEncryptionConfiguration("data", new Aws.S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new Aws.S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "AES256",
                    },
                },
            },
        });
        _ = new Aws.S3.BucketPolicy("data-tls-only", new Aws.S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = policies.Apply(p => p.BucketTlsOnly().ToJson()),
        }, new CustomResourceOptions { DependsOn = { publicAccess } });

        var table = new Aws.DynamoDB.Table("training-data", new Aws.DynamoDB.TableArgs
        {
            Name = names.Table,
            Tags = names.Tags,
            BillingMode = "PAY_PER_REQUEST",
            HashKey = TrainingTableSchema.ImageKey,
            RangeKey = TrainingTableSchema.ExpectedResult,
            Attributes =
            {
                new Aws.DynamoDB.Inputs.TableAttributeArgs { Name = TrainingTableSchema.ImageKey, Type = "S" },
                new Aws.DynamoDB.Inputs.TableAttributeArgs { Name = TrainingTableSchema.ExpectedResult, Type = "S" },
            },
            PointInTimeRecovery = new Aws.DynamoDB.Inputs.TablePointInTimeRecoveryArgs { Enabled = true },
        });

        // Images: built from this checkout and pushed by digest, so a new build rolls the functions.
        var functionsRepository = Repository("functions", names.FunctionsRepository, names.Tags);
        var trainerRepository = Repository("trainer", names.TrainerRepository, names.Tags);
        var functionsImage = Image("functions", functionsRepository, root, "functions/Dockerfile");
        var trainerImage = Image("trainer", trainerRepository, root, "trainer/Dockerfile");
        // Lambda pulls the functions image by the repository's policy, which exists before any function.
        var functionsPull = new Aws.Ecr.RepositoryPolicy("functions", new Aws.Ecr.RepositoryPolicyArgs
        {
            Repository = functionsRepository.Name,
            Policy = policies.Apply(p => p.FunctionsRepositoryPull().ToJson()),
        });

        // Roles, each with one inline least-privilege policy.
        // Each carries the stack's permissions boundary (made by an administrator; see DeployerPolicy), without which
        // the deployer may not create it.
        var boundary = scope.Apply(s => new DeployerPolicy(names, s).BoundaryArn);
        var (sageMakerRole, _) = Role("sagemaker", names.SageMakerRole, StackPolicies.SageMakerPrincipal, policies, p => p.SageMakerExecution(), boundary, names.Tags);
        var (startRole, startPolicy) = Role("start-worker", names.StartRole, StackPolicies.LambdaPrincipal, policies, p => p.StartWorker(), boundary, names.Tags);
        var (endRole, endPolicy) = Role("end-worker", names.EndRole, StackPolicies.LambdaPrincipal, policies, p => p.EndWorker(), boundary, names.Tags);
        var (teardownRole, teardownPolicy) = Role("teardown", names.TeardownRole, StackPolicies.LambdaPrincipal, policies, p => p.Teardown(), boundary, names.Tags);

        // The functions: one image, a handler per function chosen by its command.
        var environment = Output.Tuple(bucket.BucketName, table.Name, trainerImage.RepoDigest, sageMakerRole.Arn)
            .Apply(t => WorkerEnvironment.For(names, settings, new WorkerResources(t.Item1, t.Item2, t.Item3, t.Item4)).ToImmutableDictionary());
        var start = Function("start-worker", names.StartFunction, FunctionHandlers.StartTrainingJob, startRole, startPolicy, functionsImage, functionsPull, environment, settings, names.Tags);
        var end = Function("end-worker", names.EndFunction, FunctionHandlers.EndTrainingJob, endRole, endPolicy, functionsImage, functionsPull, environment, settings, names.Tags);
        var teardown = Function("teardown", names.TeardownFunction, FunctionHandlers.Teardown, teardownRole, teardownPolicy, functionsImage, functionsPull, environment, settings, names.Tags);

        // An upload event the start worker keeps failing on ends in its report (via the end worker), never in silence.
        _ = new Aws.Lambda.FunctionEventInvokeConfig("start-worker-failures", new Aws.Lambda.FunctionEventInvokeConfigArgs
        {
            FunctionName = start.Name,
            MaximumRetryAttempts = StartWorkerFailures.MaximumRetryAttempts,
            MaximumEventAgeInSeconds = StartWorkerFailures.MaximumEventAgeInSeconds,
            DestinationConfig = new Aws.Lambda.Inputs.FunctionEventInvokeConfigDestinationConfigArgs
            {
                OnFailure = new Aws.Lambda.Inputs.FunctionEventInvokeConfigDestinationConfigOnFailureArgs { Destination = end.Arn },
            },
        }, new CustomResourceOptions { DependsOn = { startPolicy } });

        // Invoked on create, update and delete; the handler acts on delete only, removing the endpoint,
        // endpoint configs and models the end worker created at run time. The triggers below depend on it, so
        // `pulumi destroy` removes them first: once the teardown has run, nothing starts a job or deploys a model.
        var teardownOnDestroy = new Aws.Lambda.Invocation("teardown-on-destroy", new Aws.Lambda.InvocationArgs
        {
            FunctionName = teardown.Name,
            Input = "{}",
            LifecycleScope = "CRUD",
        }, new CustomResourceOptions { DependsOn = { teardownPolicy } });

        // A CSV uploaded anywhere in the bucket starts the start worker.
        var fromS3 = new Aws.Lambda.Permission("start-worker-from-s3", new Aws.Lambda.PermissionArgs
        {
            Action = "lambda:InvokeFunction",
            Function = start.Name,
            Principal = "s3.amazonaws.com",
            SourceArn = bucket.Arn,
            SourceAccount = scope.Apply(s => s.AccountId),
        });
        _ = new Aws.S3.BucketNotification("csv-uploads", new Aws.S3.BucketNotificationArgs
        {
            Bucket = bucket.Id,
            LambdaFunctions =
            {
                new Aws.S3.Inputs.BucketNotificationLambdaFunctionArgs
                {
                    LambdaFunctionArn = start.Arn,
                    Events = [.. CsvUploadNotification.Events],
                    FilterSuffix = CsvUploadNotification.FilterSuffix,
                },
            },
        }, new CustomResourceOptions { DependsOn = { fromS3, teardownOnDestroy } });

        // One rule for all of this stack's training jobs reaching a final state.
        var rule = new Aws.CloudWatch.EventRule("training-job-state", new Aws.CloudWatch.EventRuleArgs
        {
            Name = names.TrainingEventRule,
            EventPattern = TrainingJobEvents.Pattern(names),
            State = "ENABLED",
            Tags = names.Tags,
        });
        var fromEvents = new Aws.Lambda.Permission("end-worker-from-events", new Aws.Lambda.PermissionArgs
        {
            Action = "lambda:InvokeFunction",
            Function = end.Name,
            Principal = "events.amazonaws.com",
            SourceArn = rule.Arn,
        });
        _ = new Aws.CloudWatch.EventTarget("training-job-state", new Aws.CloudWatch.EventTargetArgs
        {
            Rule = rule.Name,
            Arn = end.Arn,
        }, new CustomResourceOptions { DependsOn = { fromEvents, teardownOnDestroy } });

        BucketName = bucket.BucketName;
        TableName = table.Name;
        FunctionsImage = functionsImage.RepoDigest;
        TrainerImage = trainerImage.RepoDigest;
        EndpointName = Output.Create(names.Endpoint);
        UploadCommand = Output.Tuple(bucket.BucketName, scope).Apply(t => UploadCommands.For(t.Item1, t.Item2.Region));
    }

    [Output] public Output<string> BucketName { get; private set; }
    [Output] public Output<string> TableName { get; private set; }
    [Output] public Output<string> FunctionsImage { get; private set; }
    [Output] public Output<string> TrainerImage { get; private set; }
    [Output] public Output<string> EndpointName { get; private set; }
    [Output] public Output<string> UploadCommand { get; private set; }

    /// <summary>
    /// Every ogiri:* key of the stack, read from the config the language host passes in PULUMI_CONFIG (which
    /// <see cref="Config"/> reads too, but only key by key): an unknown key is refused by name, not ignored.
    /// Without that variable (the unit tests' mocks) the known keys are read one by one.
    /// </summary>
    private static StackSettings ReadSettings(Config config)
    {
        var values = StackSettings.FromStackConfig(Environment.GetEnvironmentVariable("PULUMI_CONFIG"));
        foreach (var key in StackSettings.Keys)
        {
            if (!values.ContainsKey(key) && config.Get(key) is { } value) values[key] = value;
        }
        return StackSettings.Parse(values);
    }

    /// <summary>
    /// The project folder relative to the working folder (where Pulumi runs the program): the build context is kept
    /// relative so that the stack's state, and so the images, do not change with where the checkout lives.
    /// </summary>
    private static string RepositoryRoot()
    {
        var here = Directory.GetCurrentDirectory();
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml"))) dir = dir.Parent;
        return dir is null
            ? throw new InvalidOperationException("Pulumi.yaml not found above the working folder")
            : Path.GetRelativePath(here, dir.FullName).Replace(Path.DirectorySeparatorChar, '/');
    }

    private static Aws.Ecr.Repository Repository(string resource, string name, ImmutableDictionary<string, string> tags)
    {
        var repository = new Aws.Ecr.Repository(resource, new Aws.Ecr.RepositoryArgs
        {
            Name = name,
            ForceDelete = true,
            Tags = tags,
            ImageScanningConfiguration = new Aws.Ecr.Inputs.RepositoryImageScanningConfigurationArgs { ScanOnPush = true },
        });
        _ = new Aws.Ecr.LifecyclePolicy(resource, new Aws.Ecr.LifecyclePolicyArgs
        {
            Repository = repository.Name,
            Policy = RepositoryLifecycle.Policy(keepImages: 10),
        });
        return repository;
    }

    private static Docker.Image Image(string resource, Aws.Ecr.Repository repository, string root, string dockerfile)
    {
        var token = Aws.Ecr.GetAuthorizationToken.Invoke(new Aws.Ecr.GetAuthorizationTokenInvokeArgs { RegistryId = repository.RegistryId });
        return new Docker.Image(resource, new Docker.ImageArgs
        {
            ImageName = repository.RepositoryUrl.Apply(url => $"{url}:latest"),
            Build = new Docker.Inputs.DockerBuildArgs
            {
                Context = root,
                Dockerfile = $"{root}/{dockerfile}",
                Platform = "linux/amd64",
            },
            Registry = new Docker.Inputs.RegistryArgs
            {
                Server = repository.RepositoryUrl,
                Username = token.Apply(t => t.UserName),
                Password = Output.CreateSecret(token.Apply(t => t.Password)),
            },
        });
    }

    private static (Aws.Iam.Role Role, Aws.Iam.RolePolicy Policy) Role(string resource, string name, string principal,
        Output<StackPolicies> policies, Func<StackPolicies, PolicyDocument> policy, Output<string> boundary,
        ImmutableDictionary<string, string> tags)
    {
        var role = new Aws.Iam.Role(resource, new Aws.Iam.RoleArgs
        {
            Name = name,
            AssumeRolePolicy = policies.Apply(p => p.TrustFor(principal).ToJson()),
            PermissionsBoundary = boundary,
            Tags = tags,
        });
        var inline = new Aws.Iam.RolePolicy(resource, new Aws.Iam.RolePolicyArgs
        {
            Name = name,
            Role = role.Id,
            Policy = policies.Apply(p => policy(p).ToJson()),
        });
        return (role, inline);
    }

    private static Aws.Lambda.Function Function(string resource, string name, string handler, Aws.Iam.Role role, Aws.Iam.RolePolicy policy,
        Docker.Image image, Aws.Ecr.RepositoryPolicy imagePull, Output<ImmutableDictionary<string, string>> environment, StackSettings settings,
        ImmutableDictionary<string, string> tags)
    {
        // The log group exists before the function, so its retention applies from the first line.
        var logs = new Aws.CloudWatch.LogGroup(resource, new Aws.CloudWatch.LogGroupArgs
        {
            Name = StackNames.FunctionLogGroup(name),
            RetentionInDays = settings.LogRetentionDays,
            Tags = tags,
        });
        return new Aws.Lambda.Function(resource, new Aws.Lambda.FunctionArgs
        {
            Name = name,
            PackageType = "Image",
            ImageUri = image.RepoDigest,
            ImageConfig = new Aws.Lambda.Inputs.FunctionImageConfigArgs { Commands = { handler } },
            Role = role.Arn,
            Timeout = settings.WorkerTimeoutSeconds,
            MemorySize = settings.WorkerMemoryMb,
            Environment = new Aws.Lambda.Inputs.FunctionEnvironmentArgs { Variables = environment },
            Tags = tags,
        }, new CustomResourceOptions { DependsOn = { logs, policy, imagePull } });
    }
}
