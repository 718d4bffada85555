using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ogiri.Aws;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Servers;

/// <summary>s3rver 3.7.1 on 127.0.0.1, on the port it chose; it accepts only the key pair S3RVER/S3RVER.</summary>
public sealed partial class S3rverFixture : IAsyncLifetime, IDisposable
{
    public const string Region = "us-east-1";
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    private readonly TempDir folder = new();
    private NodeProcess? server;

    public Uri Endpoint { get; private set; } = null!;

    public AwsConnection Connection => new(Region, Credentials) { S3Endpoint = Endpoint };

    public async Task InitializeAsync()
    {
        server = NodeProcess.Start("node_modules/s3rver/bin/s3rver.js", "-d", folder.Path, "-a", "127.0.0.1", "-p", "0", "--silent");
        var match = await server.WaitForLineAsync(Listening(), TimeSpan.FromSeconds(30));
        Endpoint = new Uri($"http://127.0.0.1:{match.Groups[1].Value}/");
    }

    public async Task<string> NewBucketAsync()
    {
        var name = "b" + Guid.NewGuid().ToString("N")[..12];
        using var s3 = Connection.CreateS3();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        folder.Dispose();
    }

    public void Dispose() => folder.Dispose();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}

[CollectionDefinition(Name)]
public sealed class LocalAws : ICollectionFixture<S3rverFixture>, ICollectionFixture<DynaliteFixture>, ICollectionFixture<OracleFixture>
{
    public const string Name = "local AWS stand-ins";
}
