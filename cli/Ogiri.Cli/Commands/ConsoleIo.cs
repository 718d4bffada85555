using Spectre.Console;

namespace Ogiri.Cli.Commands;

/// <summary>Where a command writes: results on stdout, progress and messages on stderr (so --json stays clean).</summary>
public sealed record ConsoleIo(TextWriter Out, TextWriter Error)
{
    public static ConsoleIo System => new(Console.Out, Console.Error);

    /// <summary>
    /// Progress bars and messages for stderr. On a terminal Spectre draws bars and wraps at the window's width;
    /// anywhere else (a pipe, a log file) it prints plain lines, which must not be cut at its default 80 columns.
    /// </summary>
    public IAnsiConsole ErrorConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Error),
            Interactive = InteractionSupport.Detect,
        });
        if (!ErrorIsTerminal) console.Profile.Width = UnwrappedWidth;
        return console;
    }

    /// <summary>Wide enough that no log line is ever wrapped.</summary>
    internal const int UnwrappedWidth = 100_000;

    private bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;
}

/// <summary>Process exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    /// <summary>The input as a whole was unusable (missing, empty, wrong header, not UTF-8).</summary>
    public const int BadInput = 2;

    /// <summary><c>register</c> (and <c>run</c>): the CSV was read, but every row failed, so nothing was registered.</summary>
    public const int NothingRegistered = 3;
}
