using System.Diagnostics;
using System.Text.RegularExpressions;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>A Node.js program from <c>tests/node</c>, run with <c>node</c> (npm is not needed at test time).</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private NodeProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The <c>tests/node</c> folder, found upwards from the test assembly.</summary>
    public static string NodeFolder { get; } = FindNodeFolder();

    public static NodeProcess Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(NodeFolder, script));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException($"node {script} did not start"));
    }

    /// <summary>Reads stdout until a line matches; returns the match (e.g. the port a server chose).</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await Process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            var match = pattern.Match(line);
            if (match.Success) return match;
        }
        throw new InvalidOperationException($"{Process.StartInfo.ArgumentList[0]} exited: {await Process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    private static string FindNodeFolder()
    {
        var folder = Path.Combine(RepositoryFolder.Root, "tests", "node");
        if (!File.Exists(Path.Combine(folder, "package.json"))) throw new InvalidOperationException($"{folder}/package.json is missing");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            throw new InvalidOperationException($"{folder}/node_modules is missing: run npm ci there (./test does)");
        return folder;
    }
}
