using System.CommandLine;
using Ogiri.Cli.Commands;
using Ogiri.Trainer.Inference;

namespace Ogiri.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Build(ConsoleIo.System, TimeProvider.System).Parse(args).InvokeAsync();

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
        var settings = new Option<string[]>("--set") { Description = "Any hyperparameter as name=value (repeatable), e.g. --set image_size=128" };
        TrainingOverrides Overrides(ParseResult r) => new(r.GetValue(epochs), r.GetValue(seed), r.GetValue(settings));

        var run = new Command("run", "The main job: register a CSV's pairs, then train and deploy a model on them") { csv, home, allowPrivate, concurrency, epochs, seed, settings };
        run.SetAction((r, ct) => new RunCommand(io, clock).RunAsync(
            new RunRequest(r.GetValue(csv)!, r.GetValue(home), r.GetValue(allowPrivate), r.GetValue(concurrency), Overrides(r)), ct));

        var train = new Command("train", "Train a model on the home's registered pairs and deploy it") { home, epochs, seed, settings };
        train.SetAction((r, ct) => new TrainCommand(io, clock).RunAsync(new TrainRequest(r.GetValue(home), Overrides(r)), ct));

        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => AnswerOptions.DefaultTemperature };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling threshold", DefaultValueFactory = _ => AnswerOptions.DefaultTopP };

        var eval = new Command("eval", "Evaluate the deployed model on a CSV of pairs it has not seen") { csv, home, json, allowPrivate, temperature, topP };
        eval.SetAction((r, ct) => new EvalCommand(io).RunAsync(new EvalRequest(r.GetValue(csv)!, r.GetValue(home), r.GetValue(json), r.GetValue(allowPrivate),
            r.GetValue(temperature), r.GetValue(topP)), ct));

        var models = new Command("models", "List the trained model versions; * marks the deployed one") { home };
        models.SetAction((r, _) => new ModelsCommand(io).ListAsync(r.GetValue(home)));
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

        var bucket = new Option<string>("--bucket") { Description = "The stack's bucket (a stack output)", Required = true };
        var region = new Option<string?>("--region") { Description = "AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the upload's report and print it" };
        var endpointUrl = new Option<string?>("--endpoint-url") { Description = "An S3-compatible endpoint instead of AWS's" };
        var upload = new Command("upload", "Upload a CSV to a stack's bucket, which registers it and trains in the cloud") { csv, bucket, region, wait, endpointUrl };
        upload.SetAction((r, ct) => new UploadCommand(io, Environment.GetEnvironmentVariable, clock).RunAsync(
            new UploadRequest(r.GetValue(csv)!, r.GetValue(bucket)!, r.GetValue(region), r.GetValue(wait), Endpoint: r.GetValue(endpointUrl)), ct));

        var listenHost = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8080 };
        var serve = new Command("serve", "Serve the deployed model: GET /ping, POST /invocations, and a page to try it at /") { home, listenHost, port };
        serve.SetAction((r, ct) => new ServeCommand(io).RunAsync(new ServeRequest(r.GetValue(home), r.GetValue(listenHost)!, r.GetValue(port)), ct));

        var image = new Argument<string>("image") { Description = "An image file (JPEG, PNG, WebP or GIF)" };
        var count = new Option<int>("-n") { Description = "How many answers (1-10)", DefaultValueFactory = _ => 3 };
        var captionSeed = new Option<int?>("--seed") { Description = "The same seed gives the same answers" };
        var caption = new Command("caption", "Answers for one image with the deployed model, without a server") { image, home, count, json, captionSeed, temperature, topP };
        caption.SetAction((r, ct) => new CaptionCommand(io).RunAsync(new CaptionCommandRequest(
            r.GetValue(image)!, r.GetValue(home), r.GetValue(count), r.GetValue(json), r.GetValue(captionSeed), r.GetValue(temperature), r.GetValue(topP)), ct));

        return new RootCommand("Ogiri trainer: turn a CSV of (image, funny answer) pairs into a captioning model")
        {
            register, run, train, eval, models, deploy, serve, caption, upload, deployerPolicy,
        };
    }
}
