using System.Diagnostics;

namespace Ogiri.Functions.Tests.Cli;

/// <summary>
/// Runs the built CLI (ogiri.dll next to the tests) as its own process, with an environment of the test's making:
/// AWSSDK.Core reads the config file locations once per process and loads the SSO and STS clients by assembly
/// name, so only a process of its own shows what a user's shell would get.
/// </summary>
internal static class OgiriProcess
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ogiri.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing of the machine's own AWS set-up may leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("OGIRI_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
