using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;
using Spectre.Console;

namespace Ogiri.Cli.Commands;

public sealed record RegisterRequest(string CsvPath, string? Home, bool AllowPrivateNetwork, bool Json, int Concurrency);

/// <summary><c>ogiri register</c>: one CSV into the home's table, with a report per CSV.</summary>
public sealed class RegisterCommand(ConsoleIo io, TimeProvider clock)
{
    public async Task<int> RunAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var (report, exit) = await RegisterAsync(request, cancellationToken);
        if (report is null) return exit;
        await PrintAsync(request, report);
        if (exit == ExitCodes.Ok && report.Rows > 0 && report.Failed.Count == report.Rows)
        {
            await io.Error.WriteLineAsync($"ogiri: {report.Source}: every row failed, nothing was registered");
            return ExitCodes.NothingRegistered;
        }
        return exit;
    }

    private async Task PrintAsync(RegisterRequest request, IngestionReport report)
    {
        if (request.Json)
        {
            await io.Out.WriteLineAsync(report.ToJson());
        }
        else
        {
            await io.Out.WriteLineAsync(
                $"{report.Source}: {report.Rows} rows, {report.Registered} registered, {report.Duplicates} already registered, " +
                $"{report.Failed.Count} failed, {report.Analyses} images analysed");
            foreach (var f in report.Failed) await io.Out.WriteLineAsync($"  line {f.Line}: {f.Reason}");
        }
    }

    /// <summary>Registers the CSV; the report is null when the file as a whole was refused (exit code 2).</summary>
    public async Task<(IngestionReport? Report, int Exit)> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(request.CsvPath);
        if (!File.Exists(path))
        {
            await io.Error.WriteLineAsync($"ogiri: {request.CsvPath}: no such file");
            return (null, ExitCodes.BadInput);
        }
        var home = OgiriHome.Resolve(request.Home);
        EmbeddedParts parts;
        try
        {
            parts = await EmbeddedParts.OpenAsync(home, new LocalImageSources(request.AllowPrivateNetwork), cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return (null, ExitCodes.Failure);
        }
        var csvKey = Path.GetFileName(path);
        var options = new RegistrationOptions(BaseDirectory: Path.GetDirectoryName(path), Concurrency: request.Concurrency);
        Func<CancellationToken, Task<Stream>> open = _ =>
            Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true));
        try
        {
            IngestionReport report = null!;
            await io.ErrorConsole().Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"registering {Markup.Escape(csvKey)}", maxValue: Math.Max(1, new FileInfo(path).Length));
                    var progress = new Progress<RegistrationProgress>(p => task.Value = p.CsvBytesRead);
                    report = await parts.Registration(clock).RegisterAsync(open, csvKey, options, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
            var reportBytes = System.Text.Encoding.UTF8.GetBytes(report.ToJson());
            await parts.Store.PutAsync(BucketLayout.Report(csvKey), reportBytes, "application/json", cancellationToken);
            await parts.Store.PutAsync(BucketLayout.ReportHistory(csvKey, clock.GetUtcNow()), reportBytes, "application/json", cancellationToken);
            return (report, ExitCodes.Ok);
        }
        catch (CsvFileException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return (null, ExitCodes.BadInput);
        }
        catch (RegistrationStoppedException e)
        {
            // The store or the table failed under the run: what finished is reported (and kept where the store
            // still takes it), then one line says why the rest was not done.
            var partial = e.Report with { Error = e.Message };
            await PrintAsync(request, partial);
            try
            {
                await parts.Store.PutAsync(BucketLayout.Report(csvKey), System.Text.Encoding.UTF8.GetBytes(partial.ToJson()),
                    "application/json", CancellationToken.None);
            }
            catch (Exception write) when (write is IOException or UnauthorizedAccessException or StorageUnavailableException)
            {
                await io.Error.WriteLineAsync($"ogiri: the report could not be saved either: {write.Message}");
            }
            await io.Error.WriteLineAsync($"ogiri: {csvKey}: {e.Message}");
            return (null, ExitCodes.Failure);
        }
    }
}
