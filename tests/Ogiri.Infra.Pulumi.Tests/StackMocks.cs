using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Ogiri.Infra.Pulumi.Tests;

/// <summary>
/// Stands in for the AWS and Docker providers: echoes inputs and adds the computed outputs the program
/// reads (ARNs, repository URLs, digests), and answers the provider functions it calls.
/// </summary>
internal sealed class StackMocks : IMocks
{
    public const string Account = "111122223333";
    public const string Region = "eu-west-3";

    /// <summary>Resource registrations in the order the program's dependencies allowed them.</summary>
    public ConcurrentQueue<(string Type, string Name)> Registered { get; } = new();

    /// <summary>The inputs each resource was registered with, by type and resource name.</summary>
    public ConcurrentDictionary<(string Type, string Name), ImmutableDictionary<string, object>> Inputs { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Registered.Enqueue((args.Type!, args.Name!));
        Inputs[(args.Type!, args.Name!)] = args.Inputs;
        var outputs = ImmutableDictionary.CreateBuilder<string, object>();
        outputs.AddRange(args.Inputs);
        var name = args.Inputs.TryGetValue("name", out var n) ? n?.ToString() ?? args.Name! : args.Name!;
        switch (args.Type)
        {
            case "aws:s3/bucket:Bucket":
                var bucket = $"{args.Inputs["bucketPrefix"]}0123abcd";
                outputs["bucket"] = bucket;
                outputs["arn"] = $"arn:aws:s3:::{bucket}";
                return Task.FromResult<(string?, object)>((bucket, outputs.ToImmutable()));
            case "aws:ecr/repository:Repository":
                outputs["repositoryUrl"] = $"{Account}.dkr.ecr.{Region}.amazonaws.com/{name}";
                outputs["registryId"] = Account;
                break;
            case "docker:index/image:Image":
                outputs["repoDigest"] = $"{args.Inputs["imageName"].ToString()!.Split(':')[0]}@sha256:{args.Name!.GetHashCode(StringComparison.Ordinal):x8}";
                break;
            case "aws:iam/role:Role":
                outputs["arn"] = $"arn:aws:iam::{Account}:role/{name}";
                return Task.FromResult<(string?, object)>((name, outputs.ToImmutable()));
            case "aws:lambda/function:Function":
                outputs["arn"] = $"arn:aws:lambda:{Region}:{Account}:function:{name}";
                break;
            default:
                // Only a computed arn: some resources take an arn as input (an EventTarget's is its target's),
                // and an output must echo that input, not replace it.
                if (!args.Inputs.ContainsKey("arn")) outputs["arn"] = $"arn:aws:mock:{Region}:{Account}:{args.Type}/{name}";
                break;
        }
        return Task.FromResult<(string?, object)>(($"{args.Name}-id", outputs.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
            .Add("accountId", Account).Add("arn", $"arn:aws:iam::{Account}:user/deployer").Add("userId", "AIDA").Add("id", Account),
        "aws:index/getRegion:getRegion" => ImmutableDictionary<string, object>.Empty
            .Add("region", Region).Add("name", Region).Add("id", Region).Add("endpoint", $"ec2.{Region}.amazonaws.com").Add("description", "Europe (Paris)"),
        "aws:index/getPartition:getPartition" => ImmutableDictionary<string, object>.Empty
            .Add("partition", "aws").Add("dnsSuffix", "amazonaws.com").Add("reverseDnsPrefix", "com.amazonaws").Add("id", "aws"),
        "aws:ecr/getAuthorizationToken:getAuthorizationToken" => ImmutableDictionary<string, object>.Empty
            .Add("userName", "AWS").Add("password", "token").Add("authorizationToken", "QVdTOnRva2Vu").Add("expiresAt", "2030-01-01T00:00:00Z")
            .Add("proxyEndpoint", $"https://{Account}.dkr.ecr.{Region}.amazonaws.com").Add("region", Region).Add("id", Region),
        _ => throw new InvalidOperationException($"the program called {args.Token}, which the mocks do not know"),
    });
}
