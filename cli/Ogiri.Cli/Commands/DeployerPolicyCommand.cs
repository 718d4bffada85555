using Ogiri.Infra;

namespace Ogiri.Cli.Commands;

public sealed record DeployerPolicyRequest(string Project, string Stack, string Partition, string Region, string Account);

/// <summary><c>ogiri deployer-policy</c>: prints the least-privilege IAM policy of the user who deploys one stack.</summary>
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
        if (request.Account.Length != 12 || !request.Account.All(char.IsAsciiDigit))
        {
            await io.Error.WriteLineAsync($"ogiri: --account '{request.Account}' is not a 12-digit AWS account id");
            return ExitCodes.BadInput;
        }
        await io.Out.WriteLineAsync(new DeployerPolicy(names, new AwsScope(request.Partition, request.Region, request.Account)).Build().ToJson());
        return ExitCodes.Ok;
    }
}
