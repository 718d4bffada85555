using Ogiri.Images.Tests.Docker;
using Ogiri.TestSupport;

namespace Ogiri.Images.Tests;

[CollectionDefinition(Name)]
public sealed class ContainerImages : ICollectionFixture<BuiltImages>
{
    public const string Name = "images";
}

/// <summary>
/// Both images, built once per test run from the repository's own Dockerfiles with <c>PROGRAM=prebuilt</c>: the
/// programs ./test published (<c>$OGIRI_IMAGE_PROGRAMS</c>) on the base it made (<c>$OGIRI_IMAGE_BASE</c>).
/// Tags are unique per run, so checkouts testing on one engine at once never run each other's images.
/// </summary>
public sealed class BuiltImages : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private const string HowToRun = "run the tests with ./test, which starts a Docker engine, makes the base image and publishes the programs";

    public DockerCli Docker { get; } = DockerCli.FromEnvironment();
    public string Lambda { get; private set; } = "";
    public string Trainer { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var engine = await Docker.RunAsync(["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromMinutes(1), CancellationToken.None);
        if (engine.ExitCode != 0)
            throw new InvalidOperationException($"no Docker engine answers {Docker.Client}: {engine.Stderr.Trim()}; {HowToRun}");
        var baseImage = Required("OGIRI_IMAGE_BASE");
        var programs = Required("OGIRI_IMAGE_PROGRAMS");
        var run = Guid.NewGuid().ToString("N")[..12];
        Lambda = await BuildAsync("functions/Dockerfile", Program(programs, "lambda", "bootstrap"), $"ogiri-test-lambda:{run}", baseImage);
        Trainer = await BuildAsync("trainer/Dockerfile", Program(programs, "trainer", "ogiri-trainer"), $"ogiri-test-trainer:{run}", baseImage);
    }

    private static string Required(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{variable} is not set: {HowToRun}");

    private static string Program(string programs, string name, string executable)
    {
        var folder = Path.Combine(programs, name);
        return File.Exists(Path.Combine(folder, executable))
            ? folder
            : throw new InvalidOperationException($"{folder} holds no published {executable}: {HowToRun} (scripts/publish-for-image.sh)");
    }

    private async Task<string> BuildAsync(string dockerfile, string context, string tag, string baseImage)
    {
        // The host's network, as the engine has no other: the trainer image installs packages with apt-get.
        await Docker.CheckedAsync(
        [
            "build", "--network", "host", "-f", Path.Combine(RepositoryFolder.Root, dockerfile),
            "--build-arg", "BASE=" + baseImage, "--build-arg", "PROGRAM=prebuilt", "-t", tag, context,
        ], BuildTimeout, CancellationToken.None);
        return tag;
    }

    public async Task DisposeAsync()
    {
        string[] tags = [.. new[] { Lambda, Trainer }.Where(t => t.Length > 0)];
        if (tags.Length > 0) await Docker.RunAsync(["rmi", "-f", .. tags], TimeSpan.FromMinutes(2), CancellationToken.None);
    }
}
