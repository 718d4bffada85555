using System.CommandLine;
using Ogiri.Cli.Cloud;
using Ogiri.Cli.Commands;
using Ogiri.Trainer.Inference;

namespace Ogiri.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, ConsoleIo.System, TimeProvider.System, CancellationToken.None);

    /// <summary>
    /// Parses and runs one command line. A parse error is one line on stderr plus where to find the usage, exit 2
    /// (like every other mistake of the user's); <c>ogiri help [command]</c> is <c>ogiri [command] --help</c>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, ConsoleIo io, TimeProvider clock, CancellationToken cancellationToken)
    {
        var parsed = Build(io, clock).Parse(CommandLineErrors.HelpAlias(args));
        if (parsed.Errors.Count > 0)
        {
            await io.Error.WriteLineAsync($"ogiri: {CommandLineErrors.Describe(parsed)}");
            await io.Error.WriteLineAsync($"Run '{CommandLineErrors.CommandPath(parsed.CommandResult)} --help' for usage.");
            return ExitCodes.BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error }, cancellationToken);
    }

    /// <summary>The command tree; each action parses its options and hands one request to a command class.</summary>
    public static RootCommand Build(ConsoleIo io, TimeProvider clock)
    {
        var home = new Option<string?>("--home") { Description = "The local installation's folder (default: $OGIRI_HOME, else a per-user data folder)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout" };

        var csv = new Argument<string>("csv") { Description = "CSV with header image_url,expected_result" };
        var allowPrivate = new Option<bool>("--allow-private-network") { Description = "Allow image URLs on loopback, private and link-local addresses" };
        var concurrency = new Option<int>("--concurrency") { Description = "Rows fetched and analysed at once", DefaultValueFactory = _ => 16 };
        var register = new Command("register", "Register the (image, answer) pairs of a CSV") { csv, home, allowPrivate, json, concurrency };
        register.SetAction((r, ct) => new RegisterCommand(io, clock).RunAsync(
            new RegisterRequest(r.GetValue(csv)!, r.GetValue(home), r.GetValue(allowPrivate), r.GetValue(json), r.GetValue(concurrency)), ct));

        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: the trainer's)" };
        var seed = new Option<long?>("--seed") { Description = "Random seed: the same seed and data give the same model" };
        var settings = new Option<string[]>("--set") { Description = "Any hyperparameter as name=value (repeatable), e.g. --set learning_rate=0.0005", HelpName = "name=value" };
        TrainingOverrides Overrides(ParseResult r) => new(r.GetValue(epochs), r.GetValue(seed), r.GetValue(settings));

        var run = new Command("run", """
            The main job: register a CSV's pairs, then train and deploy a model on them

            Examples:
              ogiri run pairs.csv
              ogiri run pairs.csv --epochs 5 --seed 1 --set learning_rate=0.0005
            """) { csv, home, allowPrivate, concurrency, epochs, seed, settings };
        run.SetAction((r, ct) => new RunCommand(io, clock).RunAsync(
            new RunRequest(r.GetValue(csv)!, r.GetValue(home), r.GetValue(allowPrivate), r.GetValue(concurrency), Overrides(r)), ct));

        var train = new Command("train", "Train a model on the home's registered pairs and deploy it") { home, epochs, seed, settings };
        train.SetAction((r, ct) => new TrainCommand(io, clock).RunAsync(new TrainRequest(r.GetValue(home), Overrides(r)), ct));

        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => AnswerOptions.DefaultTemperature };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling threshold", DefaultValueFactory = _ => AnswerOptions.DefaultTopP };

        var eval = new Command("eval", "Evaluate the deployed model on a CSV of pairs it has not seen") { csv, home, json, allowPrivate, temperature, topP };
        eval.SetAction((r, ct) => new EvalCommand(io).RunAsync(new EvalRequest(r.GetValue(csv)!, r.GetValue(home), r.GetValue(json), r.GetValue(allowPrivate),
            r.GetValue(temperature), r.GetValue(topP)), ct));

        var models = new Command("models", "List the trained model versions (date, pairs, validation figures); * marks the deployed one") { home, json };
        models.SetAction((r, _) => new ModelsCommand(io).ListAsync(r.GetValue(home), r.GetValue(json)));
        var version = new Argument<string>("version") { Description = "A version listed by 'ogiri models'" };
        var deploy = new Command("deploy", "Deploy a trained model version (e.g. roll back to an earlier one)") { version, home };
        deploy.SetAction((r, _) => new ModelsCommand(io).DeployAsync(r.GetValue(home), r.GetValue(version)!));


        var project = new Option<string>("--project") { Description = "The Pulumi project's name", DefaultValueFactory = _ => "ogiri" };
        var stack = new Option<string>("--stack") { Description = "The stack's name", Required = true };
        var partition = new Option<string>("--partition") { Description = "The AWS partition", DefaultValueFactory = _ => "aws" };
        var stackRegion = new Option<string>("--region") { Description = "The stack's region", Required = true };
        var account = new Option<string>("--account") { Description = "The AWS account id", Required = true };
        var boundaryPolicy = new Option<bool>("--boundary") { Description = "Print instead the permissions boundary an administrator creates as <project>-<stack>-boundary" };
        var deployerPolicy = new Command("deployer-policy", "Print the IAM policy the user who runs pulumi up/destroy for one stack needs") { project, stack, partition, stackRegion, account, boundaryPolicy };
        deployerPolicy.SetAction(r => new DeployerPolicyCommand(io).RunAsync(
            new DeployerPolicyRequest(r.GetValue(project)!, r.GetValue(stack)!, r.GetValue(partition)!, r.GetValue(stackRegion)!, r.GetValue(account)!,
                r.GetValue(boundaryPolicy))));

        var bucket = new Option<string?>("--bucket") { Description = "The stack's bucket (its BucketName output)" };
        var uploadStack = new Option<string?>("--stack") { Description = "The Pulumi stack: bucket from its outputs, region from its settings (run in the project's folder)" };
        var region = new Option<string?>("--region") { Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, else the profile's region)" };
        var profile = new Option<string?>("--profile") { Description = "AWS profile from ~/.aws/config: keys, assume-role or SSO (default: AWS_PROFILE)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the upload until its model is deployed (registered, training, deployed) and print its report; exit 0 only when deployed" };
        var endpointUrl = new Option<string?>("--endpoint-url") { Description = "An S3-compatible endpoint instead of AWS's" };
        var upload = new Command("upload", """
            Upload a CSV to a stack's bucket, which registers it and trains in the cloud

            Examples:
              ogiri upload pairs.csv --stack dev --wait
              ogiri upload pairs.csv --bucket ogiri-dev-bucket-1a2b --profile work --region ap-northeast-1
            """) { csv, uploadStack, bucket, region, profile, wait, endpointUrl };
        upload.SetAction((r, ct) =>
        {
            var request = new UploadRequest(r.GetValue(csv)!, r.GetValue(bucket), r.GetValue(region), r.GetValue(wait), Endpoint: r.GetValue(endpointUrl),
                Profile: r.GetValue(profile), Stack: r.GetValue(uploadStack));
            return AwsFailures.OneLineAsync(io, request, () => new UploadCommand(io, Environment.GetEnvironmentVariable, clock).RunAsync(request, ct));
        });

        var listenHost = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => 8080 };
        port.Validators.Add(r =>
        {
            // A value that is no number at all is the parser's own error; this one is about its range.
            if (r.Tokens is [var token] && int.TryParse(token.Value, out var value) && value is < 0 or > 65535)
                r.AddError($"--port {value} is not a port (0-65535)");
        });
        var serve = new Command("serve", """
            Serve the deployed model: GET /ping, POST /invocations, and a page to try it at /

            Examples:
              ogiri serve                  # then open http://127.0.0.1:8080/
              ogiri serve --port 9000
            """) { home, listenHost, port };
        serve.SetAction((r, ct) => new ServeCommand(io).RunAsync(new ServeRequest(r.GetValue(home), r.GetValue(listenHost)!, r.GetValue(port)), ct));

        var image = new Argument<string>("image") { Description = "An image file (JPEG, PNG, WebP or GIF)" };
        var count = new Option<int>("-n") { Description = "How many answers (1-10)", DefaultValueFactory = _ => 3 };
        var captionSeed = new Option<int?>("--seed") { Description = "The same seed gives the same answers" };
        var caption = new Command("caption", "Answers for one image with the deployed model, without a server") { image, home, count, json, captionSeed, temperature, topP };
        caption.SetAction((r, ct) => new CaptionCommand(io).RunAsync(new CaptionCommandRequest(
            r.GetValue(image)!, r.GetValue(home), r.GetValue(count), r.GetValue(json), r.GetValue(captionSeed), r.GetValue(temperature), r.GetValue(topP)), ct));

        return new RootCommand("""
            Ogiri trainer: turn a CSV of (image, funny answer) pairs into a captioning model

            Examples:
              ogiri run pairs.csv                      register, train and deploy on this machine
              ogiri caption photo.jpg -n 5             answers from the deployed model
              ogiri serve                              the model over HTTP, with a page to try it
              ogiri eval held-out.csv --json           how the model does on pairs it has not seen
              ogiri upload pairs.csv --stack dev       the same in the cloud (a Pulumi stack)
              ogiri help run                           one command's options
            """)
        {
            register, run, train, eval, models, deploy, serve, caption, upload, deployerPolicy,
        };
    }
}
