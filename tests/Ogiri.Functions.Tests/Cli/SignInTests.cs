using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Ogiri.Functions.Tests.Servers;
using Ogiri.TestSupport;

namespace Ogiri.Functions.Tests.Cli;

/// <summary>
/// <c>ogiri upload</c> signs in as the aws CLI does: assume-role and IAM Identity Center (SSO) profiles, --profile,
/// the profile's region. STS and the SSO portal are a fake on 127.0.0.1 (AWS_ENDPOINT_URL_STS / _SSO, which the SDK
/// honours like the aws CLI); the credentials they hand out are s3rver's, so the upload itself is real.
/// </summary>
[Collection(LocalAws.Name)]
public sealed class SignInTests(S3rverFixture s3rver) : IAsyncLifetime, IDisposable
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/ogiri-deployer";
    private readonly TempDir home = new();
    private readonly List<string> calls = [];
    private LoopbackServer identity = null!;

    public async Task InitializeAsync() => identity = await LoopbackServer.StartAsync(AnswerAsync);

    public async Task DisposeAsync() => await identity.DisposeAsync();

    public void Dispose() => home.Dispose();

    /// <summary>STS AssumeRole (query protocol, XML) and SSO GetRoleCredentials (REST, JSON), both handing out s3rver's keys.</summary>
    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method == "POST")
        {
            var form = await request.ReadFormAsync();
            lock (calls) calls.Add($"sts {form["Action"]} {form["RoleArn"]} signed-by={Signer(request.Headers.Authorization)}");
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync($"""
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                <Credentials><AccessKeyId>S3RVER</AccessKeyId><SecretAccessKey>S3RVER</SecretAccessKey><SessionToken>session</SessionToken>
                <Expiration>{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ogiri-deployer/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser>
                </AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>
                """);
            return;
        }
        lock (calls) calls.Add($"sso {request.Path} {request.Query["account_id"]} {request.Query["role_name"]} token={request.Headers["x-amz-sso_bearer_token"]}");
        context.Response.ContentType = "application/json";
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        await context.Response.WriteAsync($$$"""{"roleCredentials":{"accessKeyId":"S3RVER","secretAccessKey":"S3RVER","sessionToken":"session","expiration":{{{expiration}}}}}""");
    }

    private static string Signer(string? authorization) =>
        authorization?.Split("Credential=")[1].Split('/')[0] ?? "none";

    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home.Path,
            ["AWS_CONFIG_FILE"] = Path.Combine(home.Path, "aws-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home.Path, "aws-credentials"),
            ["AWS_ENDPOINT_URL_STS"] = identity.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SSO"] = identity.Endpoint.ToString(),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    private async Task<string> UploadedAsync(string bucket, string key)
    {
        using var s3 = s3rver.Connection.CreateS3();
        await using var stored = await new Ogiri.Aws.Storage.S3ObjectStore(s3, bucket).OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(stored);
        using var reader = new StreamReader(stored);
        return await reader.ReadToEndAsync();
    }

    private string Csv() => home.Text("pairs.csv", "image_url,expected_result\nhttps://example.test/a.jpg,答え\n");

    [Fact]
    public async Task An_assume_role_profile_signs_in_through_sts_and_gives_its_region()
    {
        home.Text("aws-config", $"[profile deployer]\nrole_arn = {RoleArn}\nsource_profile = base\nregion = us-east-1\n");
        home.Text("aws-credentials", "[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = base-secret\n");
        var bucket = await s3rver.NewBucketAsync();

        var (exit, _, error) = await OgiriProcess.RunAsync(Environment(),
            "upload", Csv(), "--bucket", bucket, "--profile", "deployer", "--endpoint-url", s3rver.Endpoint.ToString());

        Assert.True(exit == 0, error);
        Assert.Equal([$"sts AssumeRole {RoleArn} signed-by=AKIABASEEXAMPLE"], calls);
        Assert.Contains("答え", await UploadedAsync(bucket, "pairs.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sso_profile_signs_in_with_the_cached_token_from_aws_sso_login()
    {
        home.Text("aws-config", """
            [profile corp]
            sso_session = corp-sso
            sso_account_id = 123456789012
            sso_role_name = Deployer
            region = us-east-1
            [sso-session corp-sso]
            sso_start_url = https://corp.example.test/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access
            """);
        // What `aws sso login` leaves behind: the token under the SHA-1 of the session's name.
#pragma warning disable CA5350 // the aws CLI's own naming of the cache file, not a security use
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("corp-sso"))) + ".json";
#pragma warning restore CA5350
        home.Text(Path.Combine(".aws", "sso", "cache", cacheName), $$"""
            {"startUrl":"https://corp.example.test/start","region":"us-east-1","accessToken":"portal-token","expiresAt":"{{DateTime.UtcNow.AddHours(8):yyyy-MM-ddTHH:mm:ssZ}}"}
            """);
        var bucket = await s3rver.NewBucketAsync();

        // AWS_PROFILE instead of --profile: the standard chain picks it up.
        var (exit, _, error) = await OgiriProcess.RunAsync(Environment(("AWS_PROFILE", "corp")),
            "upload", Csv(), "--bucket", bucket, "--endpoint-url", s3rver.Endpoint.ToString());

        Assert.True(exit == 0, error);
        Assert.Equal(["sso /federation/credentials 123456789012 Deployer token=portal-token"], calls);
        Assert.Contains("答え", await UploadedAsync(bucket, "pairs.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sso_profile_without_a_login_says_to_log_in_in_one_line()
    {
        home.Text("aws-config", "[profile corp]\nsso_session = s\nsso_account_id = 123456789012\nsso_role_name = Deployer\nregion = us-east-1\n"
            + "[sso-session s]\nsso_start_url = https://corp.example.test/start\nsso_region = us-east-1\n");

        var (exit, _, error) = await OgiriProcess.RunAsync(Environment(),
            "upload", Csv(), "--bucket", "b", "--profile", "corp", "--endpoint-url", s3rver.Endpoint.ToString());

        Assert.Equal(2, exit);
        Assert.Contains("aws sso login --profile corp", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Empty(calls);
    }

    [Fact]
    public async Task An_unknown_profile_is_named()
    {
        home.Text("aws-config", "[profile other]\nregion = us-east-1\n");

        var (exit, _, error) = await OgiriProcess.RunAsync(Environment(), "upload", Csv(), "--bucket", "b", "--profile", "nope");

        Assert.Equal(2, exit);
        Assert.Equal("ogiri: no AWS profile 'nope' in the AWS config or credentials file (aws configure list-profiles shows them)", error.Trim());
    }
}
