using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Ogiri.Cli.Cloud;

/// <summary>What <c>ogiri upload --stack</c> needs of a deployed stack: its bucket and (from its settings) its region.</summary>
public sealed record StackOutputs(string Bucket, string? Region);

/// <summary>Reads a stack's outputs.</summary>
public interface IStackOutputs
{
    /// <exception cref="InvalidOperationException">No such stack, not deployed, or no pulumi: the message says which.</exception>
    Task<StackOutputs> ReadAsync(string stack, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the Pulumi CLI, as a user would: <c>pulumi stack output --json --stack NAME</c> for <c>BucketName</c> and
/// <c>pulumi config get aws:region --stack NAME</c> for the region. Runs in the current folder, which must be the
/// project's (where Pulumi.yaml is), or with <paramref name="workingDirectory"/>.
/// </summary>
public sealed class PulumiStackOutputs(string executable = "pulumi", string? workingDirectory = null) : IStackOutputs
{
    public const string BucketOutput = "BucketName";

    public async Task<StackOutputs> ReadAsync(string stack, CancellationToken cancellationToken)
    {
        var (exit, output, error) = await RunAsync(["stack", "output", "--json", "--stack", stack], cancellationToken);
        if (exit != 0) throw new InvalidOperationException($"pulumi stack output --stack {stack} failed: {FirstLine(error)}");
        string? bucket;
        try
        {
            using var json = JsonDocument.Parse(output);
            bucket = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(BucketOutput, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"pulumi stack output --json --stack {stack} did not print JSON ({e.Message})", e);
        }
        if (string.IsNullOrEmpty(bucket))
            throw new InvalidOperationException($"stack '{stack}' has no {BucketOutput} output: run pulumi up --stack {stack} first");
        var region = await RunAsync(["config", "get", "aws:region", "--stack", stack], cancellationToken);
        return new StackOutputs(bucket, region.Exit == 0 && region.Output.Trim() is { Length: > 0 } r ? r : null);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"--stack needs the Pulumi CLI ({executable}: {e.Message}); or give --bucket", e);
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await error);
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
