using System.Text.Json;
using Spectre.Console;
using Ogiri.Cli.Embedded;
using Ogiri.Contracts;
using Ogiri.Pipeline;
using Ogiri.Pipeline.Ingestion;
using Ogiri.Pipeline.Ports;
using Ogiri.Trainer.Data;
using Ogiri.Trainer.Evaluation;
using Ogiri.Trainer.Inference;

namespace Ogiri.Cli.Commands;

public sealed record EvalRequest(string CsvPath, string? Home, bool Json, bool AllowPrivateNetwork,
    double Temperature = AnswerOptions.DefaultTemperature, double TopP = AnswerOptions.DefaultTopP);

/// <summary>
/// <c>ogiri eval</c>: measures the deployed model on a CSV of pairs it has not seen. Images are
/// fetched and analysed as registration would, but nothing is added to the table or the bucket.
/// </summary>
public sealed class EvalCommand(ConsoleIo io)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<int> RunAsync(EvalRequest request, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(request.CsvPath);
        if (!File.Exists(path))
        {
            await io.Error.WriteLineAsync($"ogiri: {request.CsvPath}: no such file");
            return ExitCodes.BadInput;
        }
        if (AnswerOptions.Problem(request.Temperature, request.TopP) is { } problem)
        {
            await io.Error.WriteLineAsync($"ogiri: {problem}");
            return ExitCodes.BadInput;
        }
        var home = OgiriHome.Resolve(request.Home);
        string folder;
        var version = new LocalModels(home).Deployed;
        try
        {
            folder = new LocalModels(home).DeployedFolder();
        }
        catch (InvalidOperationException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.Failure;
        }
        var parts = await EmbeddedParts.OpenAsync(home, new LocalImageSources(request.AllowPrivateNetwork), cancellationToken);
        using var model = OgiriModel.Load(folder);
        var images = new List<ImageItem>();
        var names = new List<string>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new List<EvaluationPair>();
        var console = io.ErrorConsole();
        try
        {
            await console.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var reading = ctx.AddTask($"reading {Markup.Escape(Path.GetFileName(path))}", maxValue: Math.Max(1, new FileInfo(path).Length));
                    await using var csv = File.OpenRead(path);
                    await foreach (var row in CsvPairReader.ReadAsync(csv, Path.GetFileName(path), cancellationToken))
                    {
                        var image = await LoadAsync(row, Path.GetDirectoryName(path), parts, model, byKey, images, names, cancellationToken);
                        if (image is { } index) pairs.Add(new EvaluationPair(index, row.ExpectedResult.Trim()));
                        reading.Value = row.ByteOffset;
                    }
                    reading.Value = reading.MaxValue;
                });
        }
        catch (CsvFileException e)
        {
            await io.Error.WriteLineAsync($"ogiri: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (pairs.Count == 0)
        {
            await io.Error.WriteLineAsync($"ogiri: {request.CsvPath}: no usable pairs to evaluate");
            return ExitCodes.Failure;
        }
        EvaluationReport report = null!;
        await console.Status().StartAsync($"evaluating {pairs.Count} pairs over {images.Count} images", _ =>
        {
            report = Evaluator.Evaluate(model, images, names, pairs, seed: 1, new AnswerOptions(Temperature: request.Temperature, TopP: request.TopP));
            return Task.CompletedTask;
        });
        var keyOf = byKey.ToDictionary(kv => kv.Value, kv => kv.Key);
        var seen = await TrainingSetOverlap.CountAsync(home, version!, pairs.Select(p => (keyOf[p.Image], p.Answer)), cancellationToken);
        if (seen == pairs.Count)
            await io.Error.WriteLineAsync($"warning: every pair of {Path.GetFileName(path)} was in model {version}'s training set: "
                + "these figures measure memory, not answers to new pictures (evaluate on pairs kept out of training)");
        else if (seen > 0)
            await io.Error.WriteLineAsync($"note: {seen} of {pairs.Count} pairs were in model {version}'s training set");
        if (request.Json)
        {
            // The report's figures, then which model they are of and how many pairs it had seen.
            var json = JsonSerializer.SerializeToNode(report, Json)!.AsObject();
            json["modelVersion"] = version;
            json["pairsInTrainingSet"] = seen;
            await io.Out.WriteLineAsync(json.ToJsonString(Json));
        }
        else
        {
            await io.Out.WriteLineAsync(
                $"model {version}, {report.Pairs} pairs over {images.Count} images: match accuracy {report.MatchAccuracy:0.00} (chance {1.0 / report.Candidates:0.00}), " +
                $"answer less likely with another image {report.ShuffledWorseFraction:0.00}, distinct-2 {report.Distinct2:0.00} " +
                $"(reference {report.Distinct2Reference:0.00}), copies {report.CopyRate:0.00} (reference {report.CopyRateReference:0.00}), unknown {report.UnkRate:0.00}");
            foreach (var g in report.Generated.Take(10)) await io.Out.WriteLineAsync($"  {g.Image}: {g.Answer}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>The row's image index (fetched and analysed the first time it is seen); null, with a message, when the row is unusable.</summary>
    private async Task<int?> LoadAsync(CsvRow row, string? baseDirectory, EmbeddedParts parts, OgiriModel model,
        Dictionary<string, int> byKey, List<ImageItem> images, List<string> names, CancellationToken cancellationToken)
    {
        try
        {
            if (row.Error is not null) throw new ImageRejectedException(row.Error);
            if (string.IsNullOrWhiteSpace(row.ExpectedResult)) throw new ImageRejectedException("expected_result is empty");
            var reference = ImageReference.TryParse(row.ImageUrl, baseDirectory, out var reason) ?? throw new ImageRejectedException(reason);
            var limits = new ImageLimits();
            var bytes = await parts.Images.FetchAsync(reference, limits.MaxBytes, cancellationToken);
            var info = ImageInspector.Inspect(bytes, limits);
            var key = ImageKeys.For(bytes, info.Extension);
            if (byKey.TryGetValue(key, out var known)) return known;
            var analysis = await parts.Analyser.AnalyseAsync(new StoredImage(key, BucketLayout.Image(key), bytes, info), cancellationToken);
            images.Add(model.Prepare(new CaptionRequest(bytes, analysis.Labels, analysis.DetectedText)));
            names.Add(row.ImageUrl);
            byKey[key] = images.Count - 1;
            return images.Count - 1;
        }
        catch (ImageRejectedException e)
        {
            await io.Error.WriteLineAsync($"ogiri: line {row.Line}: skipped: {e.Message}");
            return null;
        }
    }
}
