using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Ogiri.Cli;

/// <summary>Parse errors in the user's words: no .NET type names, the option and the value that was wrong.</summary>
public static partial class CommandLineErrors
{
    /// <summary><c>help</c> and <c>help COMMAND…</c>, as git, dotnet and pulumi accept them.</summary>
    public static string[] HelpAlias(string[] args) =>
        args is ["help", .. var rest] ? [.. rest, "--help"] : args;

    /// <summary>The one error to show: an unknown word first (it usually explains the rest), else the first.</summary>
    public static string Describe(ParseResult parsed)
    {
        var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
        var command = parsed.CommandResult.Command;
        if (error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return $"{command.Name} needs {string.Join(' ', command.Arguments.Select(a => $"<{a.Name}>"))}";
        if (error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"a command is needed: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        return Describe(error.Message);
    }

    public static string Describe(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success) return message;
        var (value, symbol, type) = (match.Groups["value"].Value, match.Groups["symbol"].Value, match.Groups["type"].Value);
        return $"{symbol}: '{value}' is not {Expected(type)}";
    }

    /// <summary>"ogiri run" for the command the error was in.</summary>
    public static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is CommandResult c; r = c.Parent) names.Add(c.Parent is null ? "ogiri" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a valid value",
    };

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
