using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Ogiri.Infra;

namespace Ogiri.Infra.Tests;

public class StackTagsTests
{
    [Fact]
    public void Every_stack_carries_its_own_tags_within_what_aws_accepts()
    {
        var dev = new StackNames("ogiri", "dev").Tags;
        var alice = new StackNames("ogiri", "devalice").Tags;

        Assert.Equal("dev", dev["ogiri:stack"]);
        Assert.Equal("ogiri", dev["ogiri:project"]);
        Assert.NotEqual(dev["ogiri:stack"], alice["ogiri:stack"]);
        // AWS reserves the aws: prefix; keys up to 128 characters, values up to 256.
        Assert.All(dev, t => Assert.True(!t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) && t.Key.Length <= 128 && t.Value.Length <= 256, t.Key));
    }

    /// <summary>The program's resources that AWS lets carry tags (their Args types in Pulumi.Aws).</summary>
    private static readonly string[] Taggable = ["BucketArgs", "TableArgs", "RepositoryArgs", "RoleArgs", "LogGroupArgs", "FunctionArgs", "EventRuleArgs"];

    [Fact]
    public void Every_taggable_resource_of_the_program_is_given_the_stacks_tags()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Pulumi.yaml"))) dir = dir.Parent;
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(dir.FullName, "infra/Ogiri.Infra/OgiriCloud.cs")));

        var created = tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Where(c => Taggable.Contains(c.Type.ToString().Split('.')[^1]))
            .ToList();

        Assert.Equal(Taggable.Order(StringComparer.Ordinal), created.Select(c => c.Type.ToString().Split('.')[^1]).Distinct().Order(StringComparer.Ordinal));
        Assert.All(created, c => Assert.True(
            c.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>().Any(a => a.Left.ToString() == "Tags") == true,
            $"{c.Type} at line {c.GetLocation().GetLineSpan().StartLinePosition.Line + 1} sets no Tags"));
    }
}
