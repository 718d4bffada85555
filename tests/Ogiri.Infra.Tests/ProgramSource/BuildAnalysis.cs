using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ogiri.Infra.Tests.ProgramSource;

/// <summary>
/// Runs the analyzers, global analyzer configs and NoWarn of this build (recorded by the project file into
/// build-analysis.txt) over C# files that cannot be compiled here because their packages are not served.
/// Their unresolved names become error types: rules about names, declarations and the project's own types still
/// run on them, and the compiler's own errors are returned so a caller can check that only those names are missing.
/// </summary>
internal sealed class BuildAnalysis
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableDictionary<string, ReportDiagnostic> _severities;
    private readonly ILookup<string, string> _settings;

    private BuildAnalysis(string repository, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableDictionary<string, ReportDiagnostic> severities,
        ILookup<string, string> settings)
    {
        Repository = repository;
        _analyzers = analyzers;
        _severities = severities;
        _settings = settings;
    }

    public string Repository { get; }

    public int AnalyzerCount => _analyzers.Length;

    public static BuildAnalysis Load()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "build-analysis.txt"))
            .Select(l => l.Split('=', 2)).ToLookup(p => p[0], p => p[1]);
        var loader = new DefaultContextLoader();
        var analyzers = lines["analyzer"]
            .Select(path => new AnalyzerFileReference(path, loader))
            .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
        var configs = lines["config"].Where(File.Exists)
            .Select(path => AnalyzerConfig.Parse(File.ReadAllText(path), path)).ToList();
        // Config keys come back lower-case; diagnostic ids in compilation options are matched as written (upper-case).
        var severities = AnalyzerConfigSet.Create(configs).GlobalConfigOptions.TreeOptions
            .ToImmutableDictionary(kv => kv.Key.ToUpperInvariant(), kv => kv.Value);
        return new BuildAnalysis(lines["repository"].Single(), analyzers, severities, lines);
    }

    /// <summary>
    /// The files of project <paramref name="name"/> as its build would see them: implicit usings added, nullable on,
    /// its NoWarn applied. Its analysis level must be this build's, whose config was recorded.
    /// </summary>
    public CSharpCompilation Compile(string name, IEnumerable<(string Path, string Text)> files, IEnumerable<string> extraGlobalUsings,
        IEnumerable<MetadataReference> references, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var level = _settings[$"level:{name}"].SingleOrDefault() ?? _settings["level:Ogiri.Infra.Tests"].Single();
        if (level != _settings["level:Ogiri.Infra.Tests"].Single())
            throw new InvalidOperationException($"{name} builds at analysis level {level}; only this build's config was recorded");
        var severities = _severities.ToBuilder();
        foreach (var id in (_settings[$"nowarn:{name}"].SingleOrDefault() ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            severities[id] = ReportDiagnostic.Suppress;
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        string[] implicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
        var usings = string.Concat(implicitUsings.Concat(extraGlobalUsings).Select(u => $"global using global::{u};\n"))
            + "[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")]\n"; // as the SDK's generated AssemblyInfo
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path))
            .Append(CSharpSyntaxTree.ParseText(usings, parse, "GlobalUsings.g.cs"));
        var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(severities)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error);
        return CSharpCompilation.Create(name, trees, PlatformReferences().Concat(references), options);
    }

    /// <summary>What the build would report: analyzer findings at warning or above (warnings are errors here).</summary>
    public async Task<IReadOnlyList<Diagnostic>> AnalyzerFindings(Compilation compilation)
    {
        var withAnalyzers = compilation.WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var found = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return [.. found.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)];
    }

    public static MetadataReference ReferenceTo(Assembly assembly) => MetadataReference.CreateFromFile(assembly.Location);

    private static IEnumerable<MetadataReference> PlatformReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
        .Select(p => MetadataReference.CreateFromFile(p));

    /// <summary>Loads analyzers beside the test's own Roslyn; their other dependencies come from their own folder.</summary>
    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _folders = new(StringComparer.Ordinal);

        public DefaultContextLoader() => AssemblyLoadContext.Default.Resolving += (context, name) =>
            _folders.Keys.Select(f => Path.Combine(f, name.Name + ".dll")).Where(File.Exists).Select(context.LoadFromAssemblyPath).FirstOrDefault();

        public void AddDependencyLocation(string fullPath) => _folders.TryAdd(Path.GetDirectoryName(fullPath)!, fullPath);

        public Assembly LoadFromPath(string fullPath)
        {
            AddDependencyLocation(fullPath);
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
        }
    }
}
