using Ogiri.Cli.Commands;

namespace Ogiri.Cli.Tests;

/// <summary>Runs the ogiri command line in process, capturing what it writes.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, new ConsoleIo(stdout, stderr), TimeProvider.System, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
