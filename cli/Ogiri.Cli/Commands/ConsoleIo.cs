using Spectre.Console;

namespace Ogiri.Cli.Commands;

/// <summary>Where a command writes: results on stdout, progress and messages on stderr (so --json stays clean).</summary>
public sealed record ConsoleIo(TextWriter Out, TextWriter Error)
{
    public static ConsoleIo System => new(Console.Out, Console.Error);

    public IAnsiConsole ErrorConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Interactive = InteractionSupport.Detect,
    });
}

/// <summary>Process exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    /// <summary>The input as a whole was unusable (missing, empty, wrong header, not UTF-8).</summary>
    public const int BadInput = 2;
}
