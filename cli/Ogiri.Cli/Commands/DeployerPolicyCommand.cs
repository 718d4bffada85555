using Ogiri.Infra;

namespace Ogiri.Cli.Commands;

public sealed record DeployerPolicyRequest(string Project, string Stack, string Partition, string Region, string Account, bool Boundary = false);

/// <summary><c>ogiri deployer-policy</c>: prints the least-privilege IAM policy of the user who deploys one stack, or (<c>--boundary</c>) the boundary its roles carry.</summary>
public sealed class DeployerPolicyCommand(ConsoleIo io)
{
    public async Task<int> RunAsync(DeployerPolicyRequest request)
    {
        StackNames names;
        try
        {
            names = new StackNames(request.Project, request.Stack);
        }
        catch (ArgumentException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (AwsScope.Problem(request.Partition, request.Region, request.Account) is { } problem)
        {
            await io.Error.WriteLineAsync($"ogiri: {problem}");
            return ExitCodes.BadInput;
        }
        var policy = new DeployerPolicy(names, new AwsScope(request.Partition, request.Region, request.Account));
        await io.Out.WriteLineAsync((request.Boundary ? policy.Boundary() : policy.Build()).ToJson());
        return ExitCodes.Ok;
    }
}
