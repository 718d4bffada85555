namespace Ogiri.Cli.Commands;

public sealed record RunRequest(string CsvPath, string? Home, bool AllowPrivateNetwork, int Concurrency);

/// <summary><c>ogiri run</c>: the main job — register the CSV, then snapshot the training set for a new job.</summary>
public sealed class RunCommand(ConsoleIo io, TimeProvider clock)
{
    public async Task<int> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var register = new RegisterCommand(io, clock);
        var (report, exit) = await register.RegisterAsync(
            new RegisterRequest(request.CsvPath, request.Home, request.AllowPrivateNetwork, Json: false, request.Concurrency), cancellationToken);
        if (report is null) return exit;
        await io.Out.WriteLineAsync(
            $"registered {report.Registered} new pairs ({report.Duplicates} already there, {report.Failed.Count} failed, {report.Analyses} images analysed)");
        foreach (var f in report.Failed) await io.Out.WriteLineAsync($"  line {f.Line}: {f.Reason}");

        var home = OgiriHome.Resolve(request.Home);
        var parts = await Embedded.EmbeddedParts.OpenAsync(home, new Embedded.LocalImageSources(request.AllowPrivateNetwork), cancellationToken);
        var job = LocalJobNames.Next(clock);
        var (pairs, images) = await parts.Snapshot().WriteAsync(job, cancellationToken);
        if (pairs == 0)
        {
            await io.Error.WriteLineAsync("ogiri: no registered pairs to train on");
            return ExitCodes.Failure;
        }
        await io.Out.WriteLineAsync($"training set {job}: {pairs} pairs over {images} images");
        return ExitCodes.Ok;
    }
}

/// <summary>Job names sort by time and follow SageMaker's rule <c>^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}</c>.</summary>
public static class LocalJobNames
{
    public static string Next(TimeProvider clock) =>
        "ogiri-" + clock.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
}
