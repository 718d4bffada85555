using System.Globalization;

namespace Ogiri.Images.Tests.Docker;

/// <summary>
/// A container started in the background on the host's network (the engine has no other; servers in the tests
/// listen on 127.0.0.1). Removed when disposed; its exit code and output stay readable until then.
/// </summary>
public sealed class Container : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly DockerCli docker;

    private Container(DockerCli docker, string name)
    {
        this.docker = docker;
        Name = name;
    }

    public string Name { get; }

    /// <summary><c>docker run -d --network host OPTIONS IMAGE COMMAND</c>.</summary>
    public static async Task<Container> StartAsync(
        DockerCli docker, string image, IReadOnlyList<string> options, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var name = "ogiri-test-" + Guid.NewGuid().ToString("N")[..12];
        await docker.CheckedAsync(["run", "-d", "--name", name, "--network", "host", .. options, image, .. command], CommandTimeout, cancellationToken);
        return new Container(docker, name);
    }

    /// <summary>Waits for the container to end; returns its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var code = await docker.CheckedAsync(["wait", Name], timeout, cancellationToken);
        return int.Parse(code, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken) =>
        await docker.CheckedAsync(["inspect", "-f", "{{.State.Running}}", Name], CommandTimeout, cancellationToken) == "true";

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/> (what SageMaker and Lambda do).</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken cancellationToken) => docker.CheckedAsync(
        ["stop", "-t", ((int)grace.TotalSeconds).ToString(CultureInfo.InvariantCulture), Name], grace + CommandTimeout, cancellationToken);

    /// <summary>What the program printed: standard output, then standard error.</summary>
    public async Task<DockerOutput> LogsAsync(CancellationToken cancellationToken) =>
        await docker.RunAsync(["logs", Name], CommandTimeout, cancellationToken);

    public async ValueTask DisposeAsync() => await docker.RunAsync(["rm", "-f", Name], CommandTimeout, CancellationToken.None);
}
