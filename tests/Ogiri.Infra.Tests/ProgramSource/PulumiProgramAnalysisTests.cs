using Microsoft.CodeAnalysis;
using Ogiri.Contracts;

namespace Ogiri.Infra.Tests.ProgramSource;

/// <summary>
/// The Pulumi program and its offline tests are outside the solution (Pulumi's packages are not served here), so
/// nothing else in CI reads them. These tests hold them to the build's analyzers; a compile against the real SDK is
/// recorded in docs/decisions.md.
/// </summary>
public class PulumiProgramAnalysisTests
{
    private static readonly BuildAnalysis Analysis = BuildAnalysis.Load();

    /// <summary>The only names the sources may leave unresolved here: Pulumi's.</summary>
    private static readonly string[] PulumiNames = ["Pulumi", "Stack", "Output", "OutputAttribute", "Output<>", "Deployment", "Config", "CustomResourceOptions", "Resource", "Aws", "Docker", "IMocks", "MockResourceArgs", "MockCallArgs", "TestOptions", "Stack<T>"];

    private static IEnumerable<(string, string)> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Analysis.Repository, folder), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)));

    private static Microsoft.CodeAnalysis.CSharp.CSharpCompilation Program() => Analysis.Compile("Ogiri.Infra", Files("infra/Ogiri.Infra"), [],
        [BuildAnalysis.ReferenceTo(typeof(StackNames).Assembly), BuildAnalysis.ReferenceTo(typeof(ResourceNames).Assembly)],
        Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    [Fact]
    public void The_build_analyzers_are_loaded()
    {
        // Fewer would mean the recorded analyzers did not load, and the checks below would pass vacuously.
        Assert.True(Analysis.AnalyzerCount > 100, $"only {Analysis.AnalyzerCount} analyzers loaded");
    }

    [Fact]
    public async Task The_program_passes_the_build_analyzers()
    {
        var findings = await Analysis.AnalyzerFindings(Program());
        Assert.True(findings.Count == 0, Describe(findings));
    }

    [Fact]
    public async Task The_offline_tests_of_the_program_pass_the_build_analyzers()
    {
        var program = Program();
        var tests = Analysis.Compile("Ogiri.Infra.Pulumi.Tests", Files("tests/Ogiri.Infra.Pulumi.Tests"), ["Xunit"],
            [program.ToMetadataReference(), BuildAnalysis.ReferenceTo(typeof(FactAttribute).Assembly), BuildAnalysis.ReferenceTo(typeof(Assert).Assembly)]);
        var findings = await Analysis.AnalyzerFindings(tests);
        Assert.True(findings.Count == 0, Describe(findings));
    }

    [Fact]
    public void Only_Pulumi_names_are_unresolved_in_the_program()
    {
        // Everything else (the definitions, the contracts, .NET) resolves, so the analyzers saw real symbols there.
        var errors = Program().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        // Without Pulumi's namespace, `Stack` names .NET's generic Stack<T> (CS0305).
        var other = errors.Where(d => d.Id is not ("CS0246" or "CS0103" or "CS0234" or "CS0305")
            || !PulumiNames.Contains(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Split('\'')[1])).ToList();
        Assert.True(other.Count == 0, Describe(other));
    }

    [Fact]
    public async Task The_check_finds_a_public_type_named_like_a_collection()
    {
        // The build error the program once had: a Pulumi stack class named OgiriStack (CA1711).
        var file = ("OgiriStack.cs", "namespace Ogiri.Infra; public sealed class OgiriStack : Pulumi.Stack { }");
        var findings = await Analysis.AnalyzerFindings(Analysis.Compile("Probe", [file], [], []));
        Assert.Contains(findings, d => d.Id == "CA1711");
    }
}
