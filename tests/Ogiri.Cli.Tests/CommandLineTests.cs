using System.Net;
using System.Net.Sockets;
using Ogiri.TestSupport;

using static Ogiri.Cli.Tests.CliRun;

namespace Ogiri.Cli.Tests;

/// <summary>Mistakes on the command line: one line saying what was wrong and where the usage is, on stderr, exit 2.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "train", "--epochs", "abc" }, "ogiri: --epochs: 'abc' is not a whole number", "ogiri train")]
    [InlineData(new[] { "eval", "x.csv", "--temperature", "hot" }, "ogiri: --temperature: 'hot' is not a number", "ogiri eval")]
    [InlineData(new[] { "serve", "--port", "99999" }, "ogiri: --port 99999 is not a port (0-65535)", "ogiri serve")]
    [InlineData(new[] { "serve", "--port", "x" }, "ogiri: --port: 'x' is not a whole number", "ogiri serve")]
    [InlineData(new[] { "run", "a.csv", "--bogus" }, "ogiri: Unrecognized command or argument '--bogus'.", "ogiri run")]
    [InlineData(new[] { "eval" }, "ogiri: eval needs <csv>", "ogiri eval")]
    [InlineData(new[] { "runn", "a.csv" }, "ogiri: Unrecognized command or argument 'runn'.", "ogiri")]
    public async Task A_parse_error_is_one_line_and_a_usage_hint_on_stderr_with_exit_2(string[] args, string message, string command)
    {
        var (exit, output, error) = await Run(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal([message, $"Run '{command} --help' for usage."], error.TrimEnd().Split(Environment.NewLine));
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_COMMAND_is_the_commands_help_with_examples_and_named_values()
    {
        var (exit, output, error) = await Run("help", "run");

        Assert.True(exit == 0, error);
        Assert.Contains(" run <csv> [options]", output, StringComparison.Ordinal);
        Assert.Contains("--set <name=value>", output, StringComparison.Ordinal);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Equal((await Run("run", "--help")).Out, output);
    }

    [Fact]
    public async Task The_top_level_help_has_examples()
    {
        var (exit, output, _) = await Run("help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("ogiri upload pairs.csv --stack dev", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_is_one_line_with_exit_2()
    {
        using var dir = new TempDir();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, _, error) = await Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--home", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal($"ogiri: cannot listen on 127.0.0.1:{port}: Address already in use (choose another --port)", error.Trim());
    }
}
