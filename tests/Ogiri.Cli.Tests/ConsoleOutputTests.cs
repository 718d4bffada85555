using System.Diagnostics;
using Ogiri.Cli.Commands;
using Ogiri.TestSupport;
using Spectre.Console;

namespace Ogiri.Cli.Tests;

/// <summary>Progress bars in a terminal, through the launcher too; plain, unwrapped lines anywhere else.</summary>
public sealed class ConsoleOutputTests
{
    [Fact]
    public void Messages_to_a_pipe_or_a_file_are_not_wrapped_at_80_columns()
    {
        var error = new StringWriter();
        var line = "epoch 3/20: train loss 2.345, validation loss 2.678, match accuracy 0.41 — " + new string('x', 150);

        new ConsoleIo(new StringWriter(), error).ErrorConsole().WriteLine(line);

        Assert.Equal(line, error.ToString().TrimEnd('\r', '\n'));
    }

    /// <summary>
    /// The launcher's way into the userland (or straight through, where none is needed), run inside a pseudo-terminal
    /// by <c>script</c>: the program must find a terminal on stdin and stderr, as the console library asks both.
    /// </summary>
    [Fact]
    public async Task The_launcher_passes_the_terminal_through_and_a_pipe_stays_a_pipe()
    {
        const string probe = "[ -t 0 ] && echo stdin=terminal || echo stdin=other; [ -t 2 ] && echo stderr=terminal || echo stderr=other";
        var inTerminal = await LauncherAsync($"script -qec \"bash -c '. scripts/userland.sh; ogiri_userland_run sh -c \\\"{probe}\\\"'\" /dev/null");
        var piped = await LauncherAsync($"bash -c '. scripts/userland.sh; ogiri_userland_run sh -c \"{probe}\"' 2>&1 </dev/null | cat");

        Assert.Contains("stdin=terminal", inTerminal, StringComparison.Ordinal);
        Assert.Contains("stderr=terminal", inTerminal, StringComparison.Ordinal);
        Assert.Contains("stdin=other", piped, StringComparison.Ordinal);
        Assert.Contains("stderr=other", piped, StringComparison.Ordinal);
    }

    private static async Task<string> LauncherAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = RepositoryFolder.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["OGIRI_PROJECT"] = RepositoryFolder.Root;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }
}
