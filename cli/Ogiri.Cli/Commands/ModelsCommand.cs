using Ogiri.Trainer.Inference;
using Ogiri.Cli.Embedded;

namespace Ogiri.Cli.Commands;

/// <summary><c>ogiri models</c> lists the home's model versions; <c>ogiri deploy VERSION</c> switches to one (a rollback, say).</summary>
public sealed class ModelsCommand(ConsoleIo io)
{
    public async Task<int> ListAsync(string? home)
    {
        var models = new LocalModels(OgiriHome.Resolve(home));
        var deployed = models.Deployed;
        foreach (var version in models.Versions())
            await io.Out.WriteLineAsync((version == deployed ? "* " : "  ") + version);
        return ExitCodes.Ok;
    }

    public async Task<int> DeployAsync(string? home, string version)
    {
        var models = new LocalModels(OgiriHome.Resolve(home));
        try
        {
            models.Deploy(version);
        }
        catch (ArgumentException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidModelException e)
        {
            await io.Error.WriteLineAsync($"ogiri: not deployed, {models.Deployed ?? "nothing"} stays deployed: {e.Message}");
            return ExitCodes.Failure;
        }
        await io.Out.WriteLineAsync($"deployed {version}");
        return ExitCodes.Ok;
    }
}
