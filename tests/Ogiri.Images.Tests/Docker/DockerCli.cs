using System.Diagnostics;

namespace Ogiri.Images.Tests.Docker;

/// <summary>How one docker command ended and what it printed.</summary>
public sealed record DockerOutput(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The docker client, one process per command: <c>$OGIRI_DOCKER</c> (./test picks one that builds with
/// BuildKit) or <c>docker</c> on PATH.
/// </summary>
public sealed class DockerCli(string client)
{
    public string Client { get; } = client;

    public static DockerCli FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("OGIRI_DOCKER") is { Length: > 0 } client ? client : "docker");

    public async Task<DockerOutput> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Client)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // The Dockerfiles build only the stage PROGRAM names, which takes BuildKit.
        info.Environment["DOCKER_BUILDKIT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Client} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Describe(arguments)} did not finish within {timeout.TotalSeconds:0} s; it printed: {await stderr}");
        }
        return new DockerOutput(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command that must succeed; returns its standard output, trimmed.</summary>
    public async Task<string> CheckedAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = await RunAsync(arguments, timeout, cancellationToken);
        if (output.ExitCode != 0)
            throw new InvalidOperationException($"{Describe(arguments)} failed with exit code {output.ExitCode}: {output.Stderr}{output.Stdout}");
        return output.Stdout.Trim();
    }

    private string Describe(IReadOnlyList<string> arguments) => $"{Client} {string.Join(' ', arguments)}";
}
